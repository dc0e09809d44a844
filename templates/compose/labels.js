/* Words of the composer that depend on a count: "item 2", "items 1, 2 and 4"; 第2项, 第1、2项. No dependencies. */
(function (root) {
  'use strict';
  /** The chosen item numbers of an area as a reader would say them, in 'en' or 'zh'. */
  function itemsLabel(numbers, lang) {
    var n = numbers.map(String);
    if (lang === 'zh') return '第' + n.join('、') + '项';
    if (n.length === 1) return 'item ' + n[0];
    return 'items ' + n.slice(0, -1).join(', ') + ' and ' + n[n.length - 1];
  }
  root.briefingLabels = { itemsLabel: itemsLabel };
})(this);
