/// <reference lib="dom" />
/**
 * `image`: an `<img>` inside the element, fitted as `mode` says (the five scaling modes and the
 * nine cropping ones), raising `load` ({width, height}) and `error` ({errMsg}) as WeChat does;
 * `cloud://` file IDs are shown through a temporary URL, as WeChat resolves them itself.
 */
import { el, str, type NativeDefinition } from './host';

const CROPS: Record<string, string> = {
  top: 'center top',
  bottom: 'center bottom',
  center: 'center center',
  left: 'left center',
  right: 'right center',
  'top left': 'left top',
  'top right': 'right top',
  'bottom left': 'left bottom',
  'bottom right': 'right bottom',
};

type CloudFiles = { getTempFileURL(options: { fileList: string[] }): Promise<{ fileList: { fileID: string; tempFileURL: string }[] }> };

async function displayable(src: string): Promise<string> {
  if (!src.startsWith('cloud://')) return src;
  const cloud = (window as unknown as { wx?: { cloud?: CloudFiles } }).wx?.cloud;
  if (!cloud) return src;
  const answer = await cloud.getTempFileURL({ fileList: [src] });
  return answer.fileList[0]?.tempFileURL || src;
}

export const image: NativeDefinition = {
  properties: {
    src: { type: String, value: '' },
    mode: { type: String, value: 'scaleToFill' },
    lazyLoad: { type: Boolean, value: false },
    webp: { type: Boolean, value: false },
    fadeIn: { type: Boolean, value: false },
    showMenuByLongpress: { type: Boolean, value: false },
  },
  create(element) {
    const img = el('img', 'image');
    img.alt = '';
    img.draggable = false;
    element.dom.appendChild(img);
    let shown = '';
    let generation = 0;
    img.addEventListener('load', () => {
      if (img.dataset.src === shown) element.raise('load', { width: img.naturalWidth, height: img.naturalHeight });
    });
    img.addEventListener('error', () => {
      if (img.dataset.src !== shown || !shown) return;
      // WeChat shows nothing for an image that failed, not a broken-image sign.
      img.style.visibility = 'hidden';
      element.raise('error', { errMsg: `GET ${shown} 404 (Not Found)` });
    });
    return {
      update(changed) {
        const mode = str(element.props.mode, 'scaleToFill');
        img.className = `preview-native-image preview-native-image--${CROPS[mode] ? 'crop' : mode}`;
        img.style.objectPosition = CROPS[mode] ?? '';
        if (!changed.has('src')) return;
        const src = str(element.props.src);
        if (src === shown) return;
        shown = src;
        const mine = ++generation;
        if (!src) {
          img.removeAttribute('src');
          img.dataset.src = '';
          img.style.visibility = 'hidden';
          return;
        }
        img.style.visibility = '';
        void displayable(src).then(
          (url) => {
            if (mine !== generation) return;
            img.dataset.src = src;
            img.src = url;
          },
          () => mine === generation && element.raise('error', { errMsg: `GET ${src} failed` }),
        );
      },
    };
  },
};
