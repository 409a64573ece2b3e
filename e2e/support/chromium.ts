// Debian's Chromium, started the way this machine needs it.
export const CHROMIUM_PATH = process.env.QUORUM_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
