// newstrace web UI: the little script the pages use. Loaded from /ui/static, never inline
// (the Content-Security-Policy allows scripts of this origin only).
"use strict";

// Evidence links: scroll to the span (the href does) and light its exact characters.
function lightEvidence(link) {
  const text = document.getElementById("text");
  const first = document.getElementById("at-" + link.dataset.start);
  if (!text || !first || !window.CSS || !CSS.highlights) return;
  const last = document.getElementById("at-" + link.dataset.end);
  const range = document.createRange();
  range.setStartBefore(first);
  if (last) range.setEndBefore(last); else range.setEnd(text, text.childNodes.length);
  CSS.highlights.set("evidence", new Highlight(range));
}

document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.evidence");
  if (link) lightEvidence(link);
});

// Timeline brushing: drag across bars to set from/to on the current page's URL.
function svgX(svg, clientX) {
  const point = svg.createSVGPoint();
  point.x = clientX;
  point.y = 0;
  return point.matrixTransform(svg.getScreenCTM().inverse()).x;
}

function brushable(svg) {
  const brush = svg.querySelector("rect.brush");
  let start = null;
  let dragged = false;
  svg.addEventListener("pointerdown", (event) => {
    start = svgX(svg, event.clientX);
    dragged = false;
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (start === null) return;
    const x = svgX(svg, event.clientX);
    if (Math.abs(x - start) > 3) dragged = true;
    if (!dragged) return;
    brush.setAttribute("x", Math.min(x, start));
    brush.setAttribute("width", Math.abs(x - start));
    brush.setAttribute("visibility", "visible");
  });
  svg.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const x = svgX(svg, event.clientX);
    const low = Math.min(x, start);
    const high = Math.max(x, start);
    start = null;
    if (!dragged) {
      // a click: follow the bar under the pointer (capture kept the click off it)
      const bar = [...svg.querySelectorAll("a.bar")].find((one) => {
        const left = parseFloat(one.dataset.x);
        return left <= x && x <= left + parseFloat(one.dataset.w);
      });
      if (bar) window.location.assign(bar.getAttribute("href"));
      return;
    }
    const bars = [...svg.querySelectorAll("a.bar")].filter((one) => {
      const left = parseFloat(one.dataset.x);
      return left + parseFloat(one.dataset.w) >= low && left <= high;
    });
    brush.setAttribute("visibility", "hidden");
    if (!bars.length) return;
    const url = new URL(window.location.href);
    url.searchParams.set("from", bars[0].dataset.first);
    url.searchParams.set("to", bars[bars.length - 1].dataset.last);
    url.searchParams.delete("cursor");
    window.location.assign(url.toString());
  });
  // the link under a drag's end must not fire; the pointerup handler decides
  svg.addEventListener("click", (event) => {
    if (event.detail > 0) event.preventDefault(); // keyboard activation (detail 0) stays a link
  });
}

document.querySelectorAll("svg.timeline-chart").forEach(brushable);
