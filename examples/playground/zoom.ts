// A zoomable, pannable view of an SVG picture: the picture's width and height are its natural
// size (from its viewBox) times a zoom factor inside a scrolling box, so labels scale with it and
// are never clipped; the wheel zooms about the pointer, dragging pans, and the buttons zoom in,
// out, to fit the box and to 1:1.
const MIN = 0.1, MAX = 8, STEP = 1.25;

export interface ZoomView {
  /** Show a new picture (an <svg>, or any element, shown as it is), fitted to the box's width. */
  show(picture: Element): void;
  zoom(): number;
  setZoom(z: number, about?: { x: number; y: number }): void;
  fit(): void;
}

function button(text: string, title: string, onclick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.title = title;
  b.onclick = onclick;
  return b;
}

/** Turn `box` (an empty element) into a zoom view with its own toolbar. */
export function zoomView(box: HTMLElement): ZoomView {
  const bar = document.createElement("div");
  bar.className = "zoombar";
  const pane = document.createElement("div");
  pane.className = "zoompane";
  box.replaceChildren(bar, pane);
  let svg: SVGSVGElement | undefined, natural = { w: 1, h: 1 }, z = 1;
  const label = document.createElement("span");

  const apply = () => {
    if (!svg) return;
    svg.setAttribute("width", String(Math.round(natural.w * z)));
    svg.setAttribute("height", String(Math.round(natural.h * z)));
    label.textContent = `${Math.round(z * 100)}%`;
  };
  const view: ZoomView = {
    show(picture) {
      pane.replaceChildren(picture);
      svg = picture instanceof SVGSVGElement ? picture : undefined;
      if (!svg) return void (label.textContent = "");
      const vb = svg.viewBox.baseVal;
      natural = { w: vb && vb.width ? vb.width : 100, h: vb && vb.height ? vb.height : 100 };
      view.fit();
    },
    zoom: () => z,
    setZoom(next, about) {
      const old = z;
      z = Math.min(MAX, Math.max(MIN, next));
      apply();
      // keep the point under the pointer (pane coordinates) where it was
      const p = about ?? { x: pane.clientWidth / 2, y: pane.clientHeight / 2 };
      pane.scrollLeft = ((pane.scrollLeft + p.x) * z) / old - p.x;
      pane.scrollTop = ((pane.scrollTop + p.y) * z) / old - p.y;
    },
    fit() {
      const w = pane.clientWidth - 4;
      z = Math.min(1, Math.max(MIN, w > 0 ? w / natural.w : 1));
      apply();
    },
  };
  bar.append(
    button("+", "zoom in", () => view.setZoom(z * STEP)),
    button("−", "zoom out", () => view.setZoom(z / STEP)),
    button("fit", "fit the width", () => view.fit()),
    button("1:1", "natural size", () => view.setZoom(1)),
    label,
  );
  pane.addEventListener("wheel", (e) => {
    if (!svg) return;
    e.preventDefault();
    const r = pane.getBoundingClientRect();
    view.setZoom(z * (e.deltaY < 0 ? STEP : 1 / STEP), { x: e.clientX - r.left, y: e.clientY - r.top });
  }, { passive: false });
  let drag: { x: number; y: number; l: number; t: number } | undefined;
  pane.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, l: pane.scrollLeft, t: pane.scrollTop };
    pane.classList.add("dragging");
  });
  pane.addEventListener("pointermove", (e) => {
    if (!drag) return;
    pane.scrollLeft = drag.l - (e.clientX - drag.x);
    pane.scrollTop = drag.t - (e.clientY - drag.y);
  });
  const stop = () => ((drag = undefined), pane.classList.remove("dragging"));
  pane.addEventListener("pointerup", stop);
  pane.addEventListener("pointerleave", stop);
  return view;
}
