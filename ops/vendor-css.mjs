// The Utrecht stylesheet cut down to what the portal uses (`make vendor`; the output is committed, the portal
// needs no Node.js at run time).
//
// The full component library is 406 KB; a page needs a small part of it. Three steps:
// 1. PurgeCSS keeps every rule whose classes, ids and elements occur in the templates, in the Python code
//    (classes set by widgets, forms and template tags) or in the scripts (classes set by JavaScript).
// 2. The components route every property through private custom properties for variants the portal does
//    not use (`--_utrecht-button-hint-…` of `utrecht-button--ready` and the like). Where such a property is
//    declared nowhere any more — not in the rules kept, not in theme.css or site.css — `var(--x, fallback)`
//    can only ever be `fallback`, so it is written as that; and a custom property that no `var()` reads is
//    dropped. Repeated until nothing changes. What a browser computes stays the same.
// 3. Comments and white space go (the licence header stays).
import { readFileSync, writeFileSync } from "node:fs";
import postcss from "postcss";
import { PurgeCSS } from "purgecss";

const SOURCE = "node_modules/@utrecht/component-library-css/dist/index.css";
const TARGET = "static/vendor/utrecht-component-library-css/utrecht.css";
// The portal's own stylesheets, linked beside it: they set and read custom properties too.
const OWN = ["static/css/theme.css", "static/css/site.css"];

const [purged] = await new PurgeCSS().purge({
  css: [{ raw: readFileSync(SOURCE, "utf8") }],
  content: ["templates/**/*.html", "*/templates/**/*.html", "*/**/*.py", "static/js/*.js"],
  skippedContentGlobs: ["node_modules/**", ".venv/**", "**/migrations/**", "tests/**", "bench/**"],
  // Classes a template builds from a variable: `utrecht-heading-{{ h }}`, `utrecht-alert--{% if … %}`.
  safelist: { standard: [/^utrecht-heading-[1-6]$/, /^utrecht-alert--(error|ok|warning|info)$/] },
  keyframes: true,
  fontFace: true,
});

const root = postcss.parse(purged.css);
const own = OWN.map((path) => postcss.parse(readFileSync(path, "utf8")));

function matchingParenthesis(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

function firstTopLevelComma(text) {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (text[i] === "," && depth === 0) return i;
  }
  return -1;
}

// `var(--x, fallback)` with --x declared nowhere is `fallback`.
function simplify(value, declared) {
  let out = "";
  let at = 0;
  for (;;) {
    const start = value.indexOf("var(", at);
    if (start === -1) return out + value.slice(at);
    const close = matchingParenthesis(value, start + 3);
    if (close === -1) return out + value.slice(at);
    out += value.slice(at, start);
    const inner = value.slice(start + 4, close);
    const comma = firstTopLevelComma(inner);
    const name = (comma === -1 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma === -1 ? null : inner.slice(comma + 1);
    if (!declared.has(name) && fallback !== null && fallback.trim() !== "") {
      out += simplify(fallback.trim(), declared);
    } else {
      out += `var(${name}${fallback === null ? "" : `, ${simplify(fallback.trim(), declared)}`})`;
    }
    at = close + 1;
  }
}

function customProperties(roots, predicate) {
  const names = new Set();
  for (const sheet of roots) {
    sheet.walkDecls((decl) => {
      for (const name of predicate(decl)) names.add(name);
    });
  }
  return names;
}

function isDead(decl, declared) {
  const only = decl.value.trim().match(/^var\(\s*(--[\w-]+)\s*\)$/);
  return only !== null && !declared.has(only[1]);
}

const declaredIn = (decl) => (decl.prop.startsWith("--") ? [decl.prop] : []);
const readIn = (decl) => [...decl.value.matchAll(/var\(\s*(--[\w-]+)/g)].map((match) => match[1]);

for (let changed = true; changed; ) {
  changed = false;
  const declared = customProperties([root, ...own], declaredIn);
  root.walkDecls((decl) => {
    const value = simplify(decl.value, declared);
    if (value !== decl.value) {
      decl.value = value;
      changed = true;
    }
  });
  const read = customProperties([root, ...own], readIn);
  root.walkDecls((decl) => {
    if (decl.prop.startsWith("--") && !read.has(decl.prop)) {
      decl.remove();
      changed = true;
    }
  });
  // A custom property whose every declaration is `var(--y)` of a property declared nowhere is invalid on every
  // element, just as if it were declared nowhere: its declarations go (and the next round its fallbacks).
  const live = customProperties([root, ...own], (decl) => (declaredIn(decl).length && !isDead(decl, declared) ? [decl.prop] : []));
  root.walkDecls((decl) => {
    if (decl.prop.startsWith("--") && !live.has(decl.prop)) {
      decl.remove();
      changed = true;
    }
  });
}
root.walk((node) => {
  if (node.type === "atrule" && node.name === "charset") node.remove(); // served as UTF-8; must come first
  if ((node.type === "rule" || node.type === "atrule") && node.nodes && node.nodes.length === 0) node.remove();
});

root.walkComments((comment) => comment.remove());
root.walk((node) => {
  node.raws.before = "";
  node.raws.after = "";
  if (node.type === "decl") node.raws.between = ":";
  if (node.type === "rule") {
    node.raws.between = "";
    node.raws.semicolon = false;
    node.selector = node.selectors.join(",");
  }
  if (node.type === "atrule") {
    node.raws.between = "";
    node.raws.afterName = " ";
  }
  if (node.type === "decl") node.value = node.value.replace(/\s+/g, " ");
});
const header =
  "/* @utrecht/component-library-css, the rules the portal uses (ops/vendor-css.mjs). EUPL-1.2, see LICENSE.md */\n";
const css = `${header}${root.toString()}\n`;
writeFileSync(TARGET, css);
console.log(`${TARGET}: ${css.length} bytes`);
