/*
 * Shoebox gallery: opens the photos of an exported album in PhotoSwipe's lightbox, with each
 * photo's caption, and plays its videos there. A classic script (no ES module) so the page works
 * from file://; without it every thumbnail still links to its large image, or to its video.
 */
/* global document, getComputedStyle, requestAnimationFrame, ResizeObserver */
/* global PhotoSwipe, PhotoSwipeLightbox */
(function () {
  'use strict';
  var gallery = document.getElementById('gallery');
  if (!gallery) return;

  /*
   * Justified rows without cropping: each row is as high as makes its photos (at their own
   * aspect ratios) fill the width exactly, close to the --row height of gallery.css. The CSS
   * alone gives rows of that height with photos cropped a little to fill; this only sets sizes
   * (through the CSSOM, which the page's Content-Security-Policy allows).
   */
  var figures = Array.prototype.slice.call(gallery.querySelectorAll('figure'));
  var ratios = figures.map(function (figure) {
    var image = figure.querySelector('img');
    return Number(image.getAttribute('width')) / Math.max(1, Number(image.getAttribute('height')));
  });

  function size(row, height) {
    row.forEach(function (index) {
      // Whole pixels, rounded down: rounding up could push a row's last photo to the next.
      figures[index].style.height = Math.floor(height) + 'px';
      figures[index].style.width = Math.floor(ratios[index] * height) + 'px';
    });
  }

  function justify() {
    var style = getComputedStyle(gallery);
    var width =
      gallery.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var gap = parseFloat(style.columnGap) || 0;
    var target = parseFloat(getComputedStyle(figures[0]).getPropertyValue('--row')) || 260;
    var row = [];
    var sum = 0;
    ratios.forEach(function (ratio, index) {
      var room = width - gap * row.length;
      if (row.length > 0 && (sum + ratio) * target >= room) {
        // The row is full: end it before or after this photo, whichever height is nearer
        // the target.
        var withIt = room / (sum + ratio);
        var without = (room + gap) / sum;
        if (Math.abs(without - target) < Math.abs(withIt - target)) {
          size(row, without);
          row = [index];
          sum = ratio;
        } else {
          size(row.concat(index), withIt);
          row = [];
          sum = 0;
        }
        return;
      }
      row.push(index);
      sum += ratio;
    });
    // The last row keeps the usual height rather than being blown up to fill the width (but
    // a lone panorama still fits).
    if (row.length > 0) size(row, Math.min(target, (width - gap * (row.length - 1)) / sum));
  }

  if (figures.length > 0 && typeof ResizeObserver === 'function') {
    var pending = false;
    new ResizeObserver(function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        justify();
      });
    }).observe(gallery);
  }

  /*
   * A video's play button is in the page hidden (without this script it could do nothing) and
   * opens the lightbox as a click on the thumbnail does. It is the keyboard's one stop per
   * video: the link, which says the same, leaves the tab order and the accessibility tree.
   */
  gallery.querySelectorAll('figure.video').forEach(function (figure) {
    var link = figure.querySelector('a');
    var button = figure.querySelector('button.play');
    if (!link || !button) return;
    button.hidden = false;
    link.tabIndex = -1;
    link.setAttribute('aria-hidden', 'true');
    button.addEventListener('click', function () {
      link.click();
    });
  });

  if (typeof PhotoSwipeLightbox !== 'function') return;

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

  /*
   * Videos are PhotoSwipe custom content: a <video> with the browser's own controls, its poster
   * the large WebP, only its length and size fetched until it plays. It plays when its slide
   * comes into view and pauses when the slide leaves (or the lightbox closes).
   */
  // The height of the browser's control bar: a finger there works the video, above it swipes.
  var CONTROLS_HEIGHT = 64;

  lightbox.addFilter('domItemData', function (itemData, element, link) {
    if (link.getAttribute('data-pswp-type') === 'video') {
      itemData.videoSrc = link.getAttribute('href');
      itemData.poster = link.getAttribute('data-pswp-poster');
      itemData.label = link.parentNode.querySelector('button.play').getAttribute('aria-label');
    }
    return itemData;
  });

  function videoOf(content) {
    return content && content.type === 'video' ? content.element : null;
  }

  lightbox.on('contentLoad', function (event) {
    var content = event.content;
    if (content.type !== 'video') return;
    event.preventDefault();
    var video = document.createElement('video');
    video.className = 'pswp__video';
    video.controls = true;
    video.setAttribute('playsinline', '');
    video.preload = 'metadata';
    video.poster = content.data.poster;
    video.src = content.data.videoSrc;
    // "Play Video, 0:42: …" names the thumbnail's button; the player itself is the video.
    video.setAttribute('aria-label', content.data.label.replace(/^Play /, ''));
    content.element = video;
  });

  lightbox.on('contentActivate', function (event) {
    var video = videoOf(event.content);
    if (!video) return;
    var playing = video.play();
    // A browser that refuses to start by itself leaves the poster and its play control.
    if (playing) playing.catch(function () {});
  });

  lightbox.on('contentDeactivate', function (event) {
    var video = videoOf(event.content);
    if (video) video.pause();
  });

  lightbox.on('close', function () {
    lightbox.pswp.element.querySelectorAll('video').forEach(function (video) {
      video.pause();
    });
  });

  lightbox.on('pointerDown', function (event) {
    var pointer = event.originalEvent;
    var video = pointer.target.closest && pointer.target.closest('video');
    if (!video) return;
    // A mouse works the video's controls (the arrows, buttons and keys move on); a finger
    // swipes across the picture but scrubs along the control bar.
    var onControls = pointer.clientY > video.getBoundingClientRect().bottom - CONTROLS_HEIGHT;
    if (pointer.pointerType === 'mouse' || onControls) event.preventDefault();
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
