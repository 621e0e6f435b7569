// The network map: a small force-directed layout in SVG, drawn from the JSON the page embeds.
// The page is complete without it: the table of ties below the map holds the same information.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var container = document.getElementById("network-graph");
  if (!container) { return; }
  var data = JSON.parse(document.getElementById(container.dataset.graphId).textContent);
  if (!data.nodes.length) { return; }
  var width = 900, height = 560;
  var nodes = data.nodes.map(function (n, i) {
    var angle = (i / data.nodes.length) * Math.PI * 2;
    return { id: n.id, kind: n.kind, label: n.label, x: width / 2 + Math.cos(angle) * 200, y: height / 2 + Math.sin(angle) * 200, vx: 0, vy: 0 };
  });
  var byId = {};
  nodes.forEach(function (n) { byId[n.id] = n; });
  var edges = data.edges.map(function (e) { return { source: byId[e.source], target: byId[e.target], strength: e.strength }; });

  // A fixed number of relaxation steps: repulsion between all nodes, springs along ties, a pull to the centre.
  for (var step = 0; step < 300; step++) {
    for (var a = 0; a < nodes.length; a++) {
      for (var b = a + 1; b < nodes.length; b++) {
        var dx = nodes[b].x - nodes[a].x, dy = nodes[b].y - nodes[a].y;
        var d2 = Math.max(dx * dx + dy * dy, 25), force = 2500 / d2, d = Math.sqrt(d2);
        nodes[a].vx -= force * dx / d; nodes[a].vy -= force * dy / d;
        nodes[b].vx += force * dx / d; nodes[b].vy += force * dy / d;
      }
    }
    edges.forEach(function (e) {
      var dx = e.target.x - e.source.x, dy = e.target.y - e.source.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var pull = (d - 90) * 0.02;
      e.source.vx += pull * dx / d; e.source.vy += pull * dy / d;
      e.target.vx -= pull * dx / d; e.target.vy -= pull * dy / d;
    });
    nodes.forEach(function (n) {
      n.vx += (width / 2 - n.x) * 0.005; n.vy += (height / 2 - n.y) * 0.005;
      n.x = Math.min(width - 20, Math.max(20, n.x + n.vx * 0.5)); n.y = Math.min(height - 20, Math.max(20, n.y + n.vy * 0.5));
      n.vx *= 0.6; n.vy *= 0.6;
    });
  }

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  var svg = el("svg", { viewBox: "0 0 " + width + " " + height, class: "mi-graph__svg", role: "group", "aria-label": document.getElementById("graph-caption").textContent });
  var lines = edges.map(function (e) {
    var line = el("line", { class: "mi-graph__edge", "stroke-width": e.strength * 1.5 });
    svg.appendChild(line);
    return line;
  });
  var groups = nodes.map(function (n) {
    var g = el("g", { class: "mi-graph__node mi-graph__node--" + n.kind, tabindex: "0", role: "img", "aria-label": n.label });
    var shape;
    if (n.kind === "network") { shape = el("rect", { x: -9, y: -9, width: 18, height: 18 }); }
    else if (n.kind === "organisation") { shape = el("rect", { x: -8, y: -8, width: 16, height: 16, transform: "rotate(45)" }); }
    else { shape = el("circle", { r: 9 }); }
    var text = el("text", { x: 13, y: 5 });
    text.textContent = n.label;
    g.appendChild(shape); g.appendChild(text);
    svg.appendChild(g);
    n.element = g;
    return g;
  });
  function draw() {
    edges.forEach(function (e, i) {
      lines[i].setAttribute("x1", e.source.x); lines[i].setAttribute("y1", e.source.y);
      lines[i].setAttribute("x2", e.target.x); lines[i].setAttribute("y2", e.target.y);
    });
    nodes.forEach(function (n) { n.element.setAttribute("transform", "translate(" + n.x + " " + n.y + ")"); });
  }
  function highlight(node) {
    edges.forEach(function (e, i) {
      var on = node && (e.source === node || e.target === node);
      lines[i].classList.toggle("is-highlighted", !!on);
    });
    groups.forEach(function (g) { g.classList.toggle("is-dimmed", !!node); });
    if (node) {
      node.element.classList.remove("is-dimmed");
      edges.forEach(function (e) {
        if (e.source === node) { e.target.element.classList.remove("is-dimmed"); }
        if (e.target === node) { e.source.element.classList.remove("is-dimmed"); }
      });
    }
  }
  var dragging = null;
  nodes.forEach(function (n) {
    n.element.addEventListener("focus", function () { highlight(n); });
    n.element.addEventListener("blur", function () { highlight(null); });
    n.element.addEventListener("pointerdown", function (event) { dragging = n; n.element.setPointerCapture(event.pointerId); highlight(n); });
  });
  svg.addEventListener("pointermove", function (event) {
    if (!dragging) { return; }
    var point = svg.createSVGPoint();
    point.x = event.clientX; point.y = event.clientY;
    var local = point.matrixTransform(svg.getScreenCTM().inverse());
    dragging.x = local.x; dragging.y = local.y;
    draw();
  });
  svg.addEventListener("pointerup", function () { dragging = null; });
  draw();
  container.appendChild(svg);
})();
