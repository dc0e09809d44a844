/*
 * Shared by the deck and the brief: load the font chunks that some text needs, before it is laid out. The page keeps
 * that text display:none until this resolves, so nothing is ever shaped in a fallback font first (on a machine without
 * CJK fonts that first pass cost more than the whole real layout). Never rejects: a chunk that fails to load falls
 * back to another font, as it would anyway.
 */
window.briefingLoadFonts = function (elements) {
  'use strict';
  if (!document.fonts || !document.fonts.load) return Promise.resolve();
  var text = Array.prototype.map.call(elements, function (el) { return el.textContent; }).join('');
  if (!text) return Promise.resolve(); // nothing to shape: no need to wait for the fonts' loading round
  var seen = {};
  var loads = [];
  document.fonts.forEach(function (face) {
    var font = face.style + ' ' + face.weight + ' 16px "' + face.family.replace(/["']/g, '') + '"';
    if (seen[font]) return;
    seen[font] = true;
    loads.push(document.fonts.load(font, text).catch(function () { return []; }));
  });
  return Promise.all(loads);
};
