// WCAG 2.2 AA checks axe does not make, run in the page by tests/browser/page_checks.py.
// Returns a list of problems, each a sentence naming the element.
() => {
  const problems = [];
  const colour = (text) => {
    const match = text.match(/rgba?\(([^)]+)\)/);
    if (!match) return null;
    const [r, g, b, a = 1] = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const channel = (v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (one, two) => {
    const [light, dark] = [luminance(one), luminance(two)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  // The colour painted behind an element: the backgrounds of it and its ancestors, composed from
  // the page's white upwards.
  const behind = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const fill = colour(getComputedStyle(node).backgroundColor);
      if (fill && fill.a > 0) layers.push(fill);
      if (fill && fill.a === 1) break;
    }
    return layers.reverse().reduce((base, layer) => over(layer, base), { r: 255, g: 255, b: 255, a: 1 });
  };
  const name = (element) => {
    const text = (element.innerText || element.value || element.getAttribute("aria-label") || "").trim();
    const id = element.id ? `#${element.id}` : "";
    const classes = element.classList.length ? `.${[...element.classList].join(".")}` : "";
    return `<${element.tagName.toLowerCase()}${id}${classes}> "${text.slice(0, 40)}"`;
  };
  const shown = (element) => {
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    // Visually hidden helpers (a clipped 1px box) are read out, not seen.
    return box.width > 1 && box.height > 1;
  };
  const fields = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]), select, textarea";
  const buttons = "button, input[type=submit], input[type=button], input[type=reset], .btn";
  const controls = [...document.querySelectorAll(`${fields}, ${buttons}, a[href], summary`)].filter(
    (element) => shown(element) && !element.disabled,
  );

  for (const element of controls) {
    const style = getComputedStyle(element);
    const outside = behind(element.parentElement);
    const own = behind(element);
    // 1.4.11: the edge that shows where a control is, its border or its fill, is 3:1 against
    // what surrounds it. A field must have one; a button that has one must make it visible.
    const borderColour = colour(style.borderTopColor);
    const borderWidth = parseFloat(style.borderTopWidth);
    const hasBorder = borderWidth > 0 && style.borderTopStyle !== "none" && borderColour && borderColour.a > 0;
    const edge = Math.max(
      hasBorder ? contrast(over(borderColour, outside), outside) : 1,
      contrast(own, outside),
    );
    const isField = element.matches(fields);
    const isButton = element.matches(buttons);
    if ((isField || (isButton && (hasBorder || contrast(own, outside) > 1.1))) && edge < 3) {
      problems.push(`${name(element)}: its edge has a contrast of ${edge.toFixed(2)}:1 (needs 3:1)`);
    }
    // 1.4.3: the control's own text against its own background.
    const hasText = isField
      ? element.matches("input:not([type=checkbox]):not([type=radio]), select, textarea")
      : (element.innerText || "").trim() !== "";
    if (hasText) {
      const text = over(colour(style.color), own);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      const ratio = contrast(text, own);
      if (ratio < needed) {
        problems.push(`${name(element)}: its text has a contrast of ${ratio.toFixed(2)}:1 (needs ${needed}:1)`);
      }
    }
  }

  // 2.5.8: each target is at least 24 by 24 px, or a 24 px circle on its centre touches no other
  // target; links inside a sentence are exempt.
  const inSentence = (element) => {
    if (element.tagName !== "A" || getComputedStyle(element).display !== "inline") return false;
    const block = element.parentElement;
    return [...block.childNodes].some(
      (node) => node !== element && node.nodeType === 3 && node.textContent.trim() !== "",
    );
  };
  const targets = controls.map((element) => ({ element, box: element.getBoundingClientRect() }));
  const centre = ({ box }) => ({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
  const gap = (point, box) => {
    const dx = Math.max(box.left - point.x, 0, point.x - box.right);
    const dy = Math.max(box.top - point.y, 0, point.y - box.bottom);
    return Math.hypot(dx, dy);
  };
  const small = (target) => target.box.width < 24 - 0.01 || target.box.height < 24 - 0.01;
  for (const target of targets) {
    if (!small(target) || inSentence(target.element)) continue;
    const point = centre(target);
    const crowded = targets.some((other) => {
      if (other === target || other.element.contains(target.element) || target.element.contains(other.element)) {
        return false;
      }
      if (small(other)) {
        const there = centre(other);
        return Math.hypot(point.x - there.x, point.y - there.y) < 24;
      }
      return gap(point, other.box) < 12;
    });
    if (crowded) {
      const { width, height } = target.box;
      problems.push(
        `${name(target.element)}: a target of ${width.toFixed(0)}×${height.toFixed(0)} px too close to another (needs 24×24 or room around it)`,
      );
    }
  }

  // 1.4.11 for the focus indicator: an outline (or a ring drawn by a shadow) at least 2 px wide,
  // 3:1 against what surrounds the control. The test presses a key first, so script focus
  // looks as keyboard focus does.
  const before = document.activeElement;
  for (const element of controls) {
    element.focus({ preventScroll: true });
    if (document.activeElement !== element) continue;
    const style = getComputedStyle(element);
    const outside = behind(element.parentElement);
    const rings = [];
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) rings.push(colour(style.outlineColor));
    for (const shadow of style.boxShadow.matchAll(/rgba?\([^)]+\)[^,]*?(\d+(?:\.\d+)?)px(?:,|$)/g)) {
      if (parseFloat(shadow[1]) >= 2) rings.push(colour(shadow[0]));
    }
    const best = Math.max(1, ...rings.filter(Boolean).map((ring) => contrast(over(ring, outside), outside)));
    if (best < 3) {
      problems.push(`${name(element)}: its focus indicator has a contrast of ${best.toFixed(2)}:1 (needs 3:1)`);
    }
  }
  if (before && before !== document.body) before.focus({ preventScroll: true });
  else document.activeElement?.blur();

  // 2.4.11: nothing stays fixed on the screen, so nothing can cover the control that has focus.
  for (const element of document.body.querySelectorAll("*")) {
    const position = getComputedStyle(element).position;
    if ((position === "fixed" || position === "sticky") && shown(element)) {
      problems.push(`${name(element)}: position ${position} could hide the focused control`);
    }
  }
  return problems;
}
