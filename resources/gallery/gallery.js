/*
 * Shoebox gallery: opens the photos of an exported album in PhotoSwipe's lightbox, with each
 * photo's caption. A classic script (no ES module) so the page works from file://; without it
 * every thumbnail still links to its large image.
 */
/* global document, PhotoSwipe, PhotoSwipeLightbox */
(function () {
  'use strict';
  var gallery = document.getElementById('gallery');
  if (!gallery || typeof PhotoSwipeLightbox !== 'function') return;

  var lightbox = new PhotoSwipeLightbox({
    gallery: gallery,
    children: 'figure > a',
    pswpModule: PhotoSwipe,
    bgOpacity: 0.96,
    // Thumbnails are cropped to fill their row: zooming out of them needs to know it.
    showHideAnimationType: 'zoom',
    paddingFn: function (viewportSize) {
      return viewportSize.x < 640
        ? { top: 0, bottom: 0, left: 0, right: 0 }
        : { top: 24, bottom: 72, left: 24, right: 24 };
    },
  });

  lightbox.on('uiRegister', function () {
    lightbox.pswp.ui.registerElement({
      name: 'caption',
      order: 9,
      isButton: false,
      appendTo: 'root',
      onInit: function (element, pswp) {
        pswp.on('change', function () {
          var link = pswp.currSlide && pswp.currSlide.data.element;
          var source = link && link.parentNode.querySelector('figcaption');
          // Copies of nodes, never HTML strings: captions hold user text.
          element.replaceChildren();
          if (source) {
            for (var i = 0; i < source.childNodes.length; i++) {
              element.appendChild(source.childNodes[i].cloneNode(true));
            }
          }
          element.hidden = !source || source.childNodes.length === 0;
        });
      },
    });
  });

  lightbox.init();
})();
