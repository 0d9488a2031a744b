/* The LSTM book: a one-unit LSTM cell to play with, in the page (no kernel, no network).
 *
 * Every element with the class "lstm-playground" becomes sliders for x_t, h_{t-1}, C_{t-1}, the
 * four gate biases and the eight weights of a cell with one input and one hidden unit, and the
 * cell diagram of chapter 3 (lstmbook.plots.draw_lstm_cell) with the numbers of one step written
 * on it. Moving a slider recomputes the step:
 *
 *   a = x_t W_x + h_{t-1} W_h + b        (gates in the book's order i, f, g, o)
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *   C_t = f C_{t-1} + i g,  h_t = o tanh(C_t)
 *
 * which is lstmbook.scratch.lstm_step_forward with N = D = H = 1. Every number shown carries its
 * full value in a data-value attribute (the browser test checks them against lstmbook). */
(function () {
  "use strict";

  // lstmbook.plots.GATE_COLORS and SERIES_COLORS: one colour per part of the cell.
  var COLORS = {
    forget: "#D55E00",
    input: "#0072B2",
    candidate: "#009E73",
    output: "#CC79A7",
    cell: "#E69F00",
    hidden: "#56B4E9",
    data: "#333333",
    bus: "#777777",
  };
  var GATES = ["i", "f", "g", "o"]; // the book's (and PyTorch's) order
  var GATE_NAME = { i: "input", f: "forget", g: "candidate", o: "output" };
  var GATE_LABEL = { i: "input gate", f: "forget gate", g: "candidate", o: "output gate" };

  // Sliders: key, label (HTML), accessible name, min, max, step, start value.
  var SLIDERS = [
    ["x", "x<sub>t</sub>", "input x_t", -3, 3, 0.01, 1.0],
    ["h_prev", "h<sub>t−1</sub>", "previous hidden state h_(t-1)", -1, 1, 0.01, 0.5],
    ["c_prev", "C<sub>t−1</sub>", "previous cell state C_(t-1)", -3, 3, 0.01, 1.0],
  ];
  GATES.forEach(function (k) {
    SLIDERS.push(["b_" + k, "b<sub>" + k + "</sub>", "bias of the " + GATE_LABEL[k], -5, 5, 0.1,
                  k === "f" ? 1.0 : 0.0]);
  });
  GATES.forEach(function (k) {
    SLIDERS.push(["wx_" + k, "W<sub>x," + k + "</sub>", "input weight of the " + GATE_LABEL[k],
                  -3, 3, 0.1, k === "g" ? 1.0 : 0.5]);
  });
  GATES.forEach(function (k) {
    SLIDERS.push(["wh_" + k, "W<sub>h," + k + "</sub>", "recurrent weight of the " + GATE_LABEL[k],
                  -3, 3, 0.1, k === "g" ? 0.8 : -0.4]);
  });

  var DIGITS = 6; // numbers are shown to 6 decimals: rounding is then below 1e-6

  function sigmoid(z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** One step of a one-unit LSTM; v holds the slider values. */
  function step(v) {
    var a = {};
    GATES.forEach(function (k) {
      a[k] = v.x * v["wx_" + k] + v.h_prev * v["wh_" + k] + v["b_" + k];
    });
    var r = { i: sigmoid(a.i), f: sigmoid(a.f), g: Math.tanh(a.g), o: sigmoid(a.o) };
    r.c = r.f * v.c_prev + r.i * r.g;
    r.tanh_c = Math.tanh(r.c);
    r.h = r.o * r.tanh_c;
    r.x = v.x;
    r.h_prev = v.h_prev;
    r.c_prev = v.c_prev;
    return r;
  }

  function fmt(value) {
    var s = value.toFixed(DIGITS);
    if (/^-0\.0*$/.test(s)) s = s.slice(1); // no "-0.000000"
    return s.replace("-", "−");
  }

  // ---- the diagram: the coordinates of lstmbook.plots.draw_lstm_cell, y pointing up ----------
  var SVG_NS = "http://www.w3.org/2000/svg";
  var S = 52; // pixels per unit
  var X0 = -3.2, X1 = 15.4, Y0 = -1.8, Y1 = 7.2;

  function px(x) {
    return ((x - X0) * S).toFixed(1);
  }
  function py(y) {
    return ((Y1 - y) * S).toFixed(1);
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (k) {
      e.setAttribute(k, attrs[k]);
    });
    if (parent) parent.appendChild(e);
    return e;
  }

  function line(svg, points, color, width, head) {
    var d = points.map(function (p, n) {
      return (n ? "L" : "M") + px(p[0]) + " " + py(p[1]);
    }).join(" ");
    var attrs = { d: d, fill: "none", stroke: color, "stroke-width": width || 2.2 };
    if (head !== false) {
      attrs["marker-end"] = "url(#" + svg.getAttribute("data-marker") + color.slice(1) + ")";
    }
    el("path", attrs, svg);
  }

  function node(svg, x, y, symbol, color) {
    el("circle", { cx: px(x), cy: py(y), r: 0.3 * S, fill: "#ffffff", stroke: color,
                   "stroke-width": 2.2 }, svg);
    var t = el("text", { x: px(x), y: py(y), "text-anchor": "middle",
                         "dominant-baseline": "central", class: "lp-symbol" }, svg);
    t.textContent = symbol;
  }

  /** A label like C_{t-1}: base letter, subscript, optional tilde (as a combining mark). */
  function label(svg, x, y, base, sub, color, anchor) {
    var t = el("text", { x: px(x), y: py(y), "text-anchor": anchor || "start",
                         "dominant-baseline": "central", fill: color, class: "lp-label" }, svg);
    t.appendChild(document.createTextNode(base));
    var s = el("tspan", { "baseline-shift": "sub", "font-size": "75%" }, t);
    s.textContent = sub;
    return t;
  }

  /** The number of one part of the cell, underlined in that part's colour. */
  function value(svg, key, x, y, anchor, color) {
    var t = el("text", { x: px(x), y: py(y), "text-anchor": anchor, "dominant-baseline": "central",
                         class: "lp-value", "data-key": key }, svg);
    var w = 1.45 * S, x0 = anchor === "end" ? x * S - w : anchor === "middle" ? x * S - w / 2 : x * S;
    el("rect", { x: (x0 - X0 * S).toFixed(1), y: (parseFloat(py(y)) + 0.22 * S).toFixed(1),
                 width: w.toFixed(1), height: 3, fill: color }, svg);
    return t;
  }

  function diagram(container, uid) {
    var W = (X1 - X0) * S, H = (Y1 - Y0) * S;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, class: "lp-diagram", role: "img",
                          "aria-labelledby": uid + "-title", "data-marker": uid + "-arrow-" });
    var title = el("title", { id: uid + "-title" }, svg);
    title.textContent = "The LSTM cell of chapter 3 with the numbers of this step: the cell " +
      "state runs along the top from C t-1 to C t, the four gate layers f, i, candidate and o " +
      "sit in the middle, h t-1 and x t enter at the bottom left and h t leaves at the bottom " +
      "right. The same numbers are listed in the table below the diagram.";
    var defs = el("defs", {}, svg);
    Object.keys(COLORS).forEach(function (k) {
      var m = el("marker", { id: uid + "-arrow-" + COLORS[k].slice(1), viewBox: "0 0 10 10",
                             refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
                             orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
      el("path", { d: "M0 0 L10 5 L0 10 z", fill: COLORS[k] }, m);
      m.setAttribute("markerWidth", 12);
      m.setAttribute("markerHeight", 12);
    });
    var belt = 6.2, bus = 0.8, boxY = 2.5, mulY = 4.9;
    // The x positions are spread a little wider than the figure's, to leave room for 6 decimals.
    var fx = 1.8, ix = 4.0, gx = 6.2, ox = 8.4, hx = 10.4, r = 0.3, bw = 1.2, bh = 0.9;
    var right = 13.4; // where C_t and h_t leave the cell
    var top = boxY + bh / 2;

    el("rect", { x: px(-0.1), y: py(6.9), width: (right - 1.1) * S, height: 7.0 * S, rx: 0.4 * S,
                 fill: "#F4F4F4", stroke: "#BBBBBB" }, svg);
    line(svg, [[-1.2, belt], [right, belt]], COLORS.cell, 5);
    label(svg, -1.35, belt, "C", "t−1", COLORS.data, "end");
    label(svg, right + 0.15, belt, "C", "t", COLORS.data);
    line(svg, [[-1.2, bus], [0.9, bus]], COLORS.hidden, 2.5, false);
    label(svg, -1.35, bus, "h", "t−1", COLORS.data, "end");
    line(svg, [[0.9, -1.0], [0.9, bus]], COLORS.data, 2.2, false);
    label(svg, 0.75, -0.75, "x", "t", COLORS.data, "end");
    line(svg, [[0.9, bus], [ox, bus]], COLORS.bus, 2.2, false);

    var layers = [["f", fx, "σ"], ["i", ix, "σ"], ["g", gx, "tanh"], ["o", ox, "σ"]];
    layers.forEach(function (l) {
      var color = COLORS[GATE_NAME[l[0]]];
      line(svg, [[l[1], bus], [l[1], boxY - bh / 2]], COLORS.bus);
      el("rect", { x: px(l[1] - bw / 2), y: py(boxY + bh / 2), width: bw * S, height: bh * S,
                   rx: 0.15 * S, fill: color, "data-gate": l[0] }, svg);
      var t = el("text", { x: px(l[1]), y: py(boxY), "text-anchor": "middle",
                           "dominant-baseline": "central", class: "lp-gate-symbol" }, svg);
      t.textContent = l[2];
    });
    [0.9, fx, ix, gx].forEach(function (x) {
      el("circle", { cx: px(x), cy: py(bus), r: 0.09 * S, fill: COLORS.bus }, svg);
    });

    line(svg, [[fx, top], [fx, belt - r]], COLORS.forget);
    node(svg, fx, belt, "×", COLORS.forget);
    line(svg, [[ix, top], [ix, mulY], [gx - r, mulY]], COLORS.input);
    line(svg, [[gx, top], [gx, mulY - r]], COLORS.candidate);
    node(svg, gx, mulY, "×", COLORS.input);
    line(svg, [[gx, mulY + r], [gx, belt - r]], COLORS.candidate);
    node(svg, gx, belt, "+", COLORS.candidate);
    line(svg, [[hx, belt], [hx, 4.9]], COLORS.cell);
    el("ellipse", { cx: px(hx), cy: py(4.6), rx: 0.6 * S, ry: 0.3 * S, fill: "#ffffff",
                    stroke: COLORS.cell, "stroke-width": 2.2 }, svg);
    var th = el("text", { x: px(hx), y: py(4.6), "text-anchor": "middle",
                          "dominant-baseline": "central", class: "lp-symbol lp-small" }, svg);
    th.textContent = "tanh";
    line(svg, [[hx, 4.3], [hx, boxY + r]], COLORS.cell);
    line(svg, [[ox + bw / 2, boxY], [hx - r, boxY]], COLORS.output);
    node(svg, hx, boxY, "×", COLORS.output);
    line(svg, [[hx, boxY - r], [hx, bus], [right, bus]], COLORS.hidden);
    label(svg, right + 0.15, bus, "h", "t", COLORS.data);

    var oMid = (ox + bw / 2 + hx - r) / 2;
    label(svg, fx + 0.15, 5.35, "f", "t", COLORS.data);
    label(svg, ix + 0.15, 4.5, "i", "t", COLORS.data);
    label(svg, gx + 0.15, 4.25, "C\u0303", "t", COLORS.data);
    label(svg, oMid - 0.2, boxY + 0.3, "o", "t", COLORS.data);

    var spots = {
      f: [fx + 0.15, 4.8, "start", COLORS.forget],
      i: [ix + 0.15, 3.95, "start", COLORS.input],
      g: [gx + 0.15, 3.7, "start", COLORS.candidate],
      o: [hx + 0.45, boxY, "start", COLORS.output],
      c_prev: [-1.35, belt - 0.55, "end", COLORS.cell],
      c: [right + 0.15, belt - 0.55, "start", COLORS.cell],
      tanh_c: [hx + 0.75, 4.6, "start", COLORS.cell],
      h_prev: [-1.35, bus - 0.55, "end", COLORS.hidden],
      h: [right + 0.15, bus - 0.55, "start", COLORS.hidden],
      x: [1.1, -0.6, "start", COLORS.data],
    };
    var texts = {};
    Object.keys(spots).forEach(function (k) {
      var s = spots[k];
      texts[k] = value(svg, k, s[0], s[1], s[2], s[3]);
    });
    container.appendChild(svg);
    return texts;
  }

  // ---- the sliders, the table and the wiring --------------------------------------------------
  var ROWS = [
    ["i", "input gate i<sub>t</sub> = σ(a<sub>i</sub>)"],
    ["f", "forget gate f<sub>t</sub> = σ(a<sub>f</sub>)"],
    ["g", "candidate C̃<sub>t</sub> = tanh(a<sub>g</sub>)"],
    ["o", "output gate o<sub>t</sub> = σ(a<sub>o</sub>)"],
    ["c", "cell state C<sub>t</sub> = f<sub>t</sub> C<sub>t−1</sub> + i<sub>t</sub> C̃<sub>t</sub>"],
    ["tanh_c", "tanh(C<sub>t</sub>)"],
    ["h", "hidden state h<sub>t</sub> = o<sub>t</sub> tanh(C<sub>t</sub>)"],
  ];

  var count = 0;

  function build(root) {
    var uid = root.id || "lstm-playground-" + ++count;
    root.id = uid;
    root.innerHTML = "";
    var form = document.createElement("form");
    form.className = "lp-controls";
    form.setAttribute("aria-label", "Inputs and parameters of a one-unit LSTM cell");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
    });
    var groups = [
      ["Inputs of the step", SLIDERS.slice(0, 3)],
      ["Gate biases b", SLIDERS.slice(3, 7)],
      ["Input weights W_x", SLIDERS.slice(7, 11)],
      ["Recurrent weights W_h", SLIDERS.slice(11, 15)],
    ];
    var inputs = {};
    groups.forEach(function (g) {
      var fs = document.createElement("fieldset");
      var lg = document.createElement("legend");
      lg.textContent = g[0];
      fs.appendChild(lg);
      g[1].forEach(function (s) {
        var id = uid + "-" + s[0];
        var row = document.createElement("div");
        row.className = "lp-slider";
        var lab = document.createElement("label");
        lab.setAttribute("for", id);
        lab.innerHTML = s[1] + '<span class="lp-sr">, ' + s[2] + "</span>";
        var inp = document.createElement("input");
        inp.type = "range";
        inp.id = id;
        inp.name = s[0];
        inp.min = s[3];
        inp.max = s[4];
        inp.step = s[5];
        inp.value = s[6];
        inp.defaultValue = s[6];
        inp.setAttribute("data-key", s[0]);
        var out = document.createElement("output");
        out.setAttribute("for", id);
        out.className = "lp-slider-value";
        out.setAttribute("data-key", s[0]);
        row.appendChild(lab);
        row.appendChild(inp);
        row.appendChild(out);
        fs.appendChild(row);
        inputs[s[0]] = [inp, out];
      });
      form.appendChild(fs);
    });
    var reset = document.createElement("button");
    reset.type = "reset";
    reset.textContent = "Reset the sliders";
    form.appendChild(reset);

    var figure = document.createElement("div");
    figure.className = "lp-figure";
    var texts = diagram(figure, uid);

    var table = document.createElement("table");
    table.className = "lp-table";
    var caption = document.createElement("caption");
    caption.textContent = "One step of the cell, with a = x_t W_x + h_(t-1) W_h + b";
    table.appendChild(caption);
    var cells = {};
    ROWS.forEach(function (r) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.innerHTML = r[1];
      var td = document.createElement("td");
      td.className = "lp-value-cell";
      td.setAttribute("data-key", r[0]);
      tr.appendChild(th);
      tr.appendChild(td);
      table.appendChild(tr);
      cells[r[0]] = td;
    });

    var status = document.createElement("p");
    status.className = "lp-status";
    status.setAttribute("aria-live", "polite");

    root.appendChild(form);
    root.appendChild(figure);
    root.appendChild(table);
    root.appendChild(status);

    function update() {
      var v = {};
      Object.keys(inputs).forEach(function (k) {
        v[k] = parseFloat(inputs[k][0].value);
        inputs[k][1].textContent = fmt(v[k]);
        inputs[k][1].setAttribute("data-value", String(v[k]));
        inputs[k][0].setAttribute("aria-valuetext", fmt(v[k]));
      });
      var r = step(v);
      Object.keys(texts).forEach(function (k) {
        texts[k].textContent = fmt(r[k]);
        texts[k].setAttribute("data-value", String(r[k]));
      });
      Object.keys(cells).forEach(function (k) {
        cells[k].textContent = fmt(r[k]);
        cells[k].setAttribute("data-value", String(r[k]));
      });
      status.textContent = "C_t = " + fmt(r.c) + ", h_t = " + fmt(r.h);
      root.setAttribute("data-ready", "true");
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", function () {
      setTimeout(update, 0);
    });
    update();
  }

  function init() {
    var roots = document.querySelectorAll(".lstm-playground");
    for (var n = 0; n < roots.length; n++) build(roots[n]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.lstmPlayground = { step: step, init: init };
})();
