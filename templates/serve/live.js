/* briefing serve: live reload and the build-error overlay. Injected into served pages only, never into builds. */
(function () {
  'use strict';
  var overlay = null;
  function show(message) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'briefing-error-overlay';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.92);color:#fff;' +
        'font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:48px;overflow:auto;white-space:pre-wrap';
      document.body.appendChild(overlay);
    }
    overlay.textContent = 'briefing: the last build failed; the page shows the previous good build.\n' +
      'Fix the file and save: this page reloads by itself.\n\n' + message;
  }
  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  // Where the deck is now, asked of reveal.js: it writes the URL hash late (at most once a second), so a reload right
  // after moving would come back on the slide before. Same form as reveal.js's own hash: #/<id>[/<fragment>], or
  // #/<h>/<v>[/<fragment>] for a slide without an id.
  function currentHash() {
    var R = window.Reveal;
    if (!R || typeof R.isReady !== 'function' || !R.isReady()) return null;
    var slide = R.getCurrentSlide();
    var i = R.getIndices();
    var f = typeof i.f === 'number' && i.f >= 0 && R.getConfig().fragmentInURL !== false ? '/' + i.f : '';
    if (slide && slide.id) return '#/' + encodeURIComponent(slide.id) + f;
    var base = R.getConfig().hashOneBasedIndex ? 1 : 0;
    return '#/' + (i.h + base) + '/' + ((i.v || 0) + base) + f;
  }
  function reload() {
    var hash = currentHash();
    if (hash !== null && hash !== window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search + hash);
    }
    window.location.reload();
  }
  var source = new EventSource('/__briefing/events');
  source.addEventListener('reload', reload);
  source.addEventListener('failed', function (e) { show(JSON.parse(e.data).message); });
  source.addEventListener('ok', hide);
  window.__briefingLive = true;
})();
