/** The phone frame the preview draws: the width rpx is scaled to, and the window the pages see. */
export const SCREEN_WIDTH = 375;
export const SCREEN_HEIGHT = 760;
export const STATUS_BAR_HEIGHT = 24;
export const NAV_BAR_HEIGHT = 44;
