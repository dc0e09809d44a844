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
  var source = new EventSource('/__briefing/events');
  source.addEventListener('reload', function () { window.location.reload(); });
  source.addEventListener('failed', function (e) { show(JSON.parse(e.data).message); });
  source.addEventListener('ok', hide);
  window.__briefingLive = true;
})();
