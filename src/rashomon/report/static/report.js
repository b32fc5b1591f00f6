// rashomon report: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // search needs the local web app (rashomon serve); a report opened from disk has no server
  if (window.location.protocol.indexOf("http") === 0) {
    var form = document.querySelector("form.search");
    if (form) form.hidden = false;
  }
  // a link to docs/X.html#o123 points at a character offset: mark the element that holds it
  var hash = window.location.hash;
  if (!hash || hash.indexOf("#o") !== 0) return;
  var offset = parseInt(hash.slice(2), 10);
  var text = document.querySelector("[data-offsets]");
  if (!text || isNaN(offset)) return;
  var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  var seen = 0;
  while (walker.nextNode()) {
    var node = walker.currentNode;
    if (seen + node.length > offset) {
      var anchor = document.createElement("span");
      anchor.id = hash.slice(1);
      var rest = node.splitText(offset - seen);
      rest.parentNode.insertBefore(anchor, rest);
      anchor.scrollIntoView();
      anchor.style.borderLeft = "3px solid #e53e3e";
      return;
    }
    seen += node.length;
  }
})();
