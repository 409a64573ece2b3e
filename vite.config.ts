import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The room view and its virtualized list: what the first click on a room runs. Rollup moves the
 * modules they share with the rest of the app (React, zustand, the store, the IPC client) into
 * the same chunk; those mostly run while the app loads anyway.
 */
const ROOM_CHUNK = 'room';
/** Message formatting (markdown-to-jsx, ~90 KB): loaded when the first formatted message shows, not with the room. */
const inFormattingChunk = (id: string) => id.includes('/renderer/features/room/formatting/FormattedText') || id.includes('/node_modules/markdown-to-jsx/');
const inRoomChunk = (id: string) => id.includes('/renderer/features/room/') || id.includes('/node_modules/react-virtuoso/');
const chunkOf = (id: string) => (inFormattingChunk(id) ? 'formatting' : inRoomChunk(id) ? ROOM_CHUNK : undefined);

/**
 * V8 compiles a function when it is first called, so the first room opened paid for compiling
 * the room view and Virtuoso on the click's critical path (~8 ms of a cold open, bench/history).
 * The compile-hints magic comment has the room chunk compiled while the app loads instead. It is
 * added after minification, which would strip it; the chunk's source map (the emitted file, and
 * the chunk's own map in case a later plugin writes the file again) moves down one line.
 */
function compileRoomChunkOnLoad(): Plugin {
  return {
    name: 'quorum:compile-room-chunk-on-load',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk.name !== ROOM_CHUNK) continue;
        chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
        if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
        const map = bundle[`${chunk.fileName}.map`];
        if (map?.type !== 'asset') continue;
        const parsed = JSON.parse(String(map.source)) as { mappings: string };
        map.source = JSON.stringify({ ...parsed, mappings: `;${parsed.mappings}` });
      }
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), compileRoomChunkOnLoad()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    modulePreload: { polyfill: false },
    // The passphrase meter's dictionaries (zxcvbn-ts, ~1.2 MB), loaded only on the create-identity screen.
    chunkSizeWarningLimit: 1_300,
    rollupOptions: { output: { manualChunks: chunkOf } },
  },
});
