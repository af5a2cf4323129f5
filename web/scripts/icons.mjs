// Draws the app icons (public/icons): a white "share" glyph (three dots joined by two lines) on the
// brand blue. Writes icon.svg and PNGs (192, 512, and a maskable 512 with the glyph in the safe
// zone). Pure Node (zlib), no image library: run `npm run icons` after changing the design.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const OUT = new URL("../public/icons/", import.meta.url);
const BLUE = [0x17, 0x46, 0xa2];
const WHITE = [0xff, 0xff, 0xff];
// The glyph in a 0..1 box.
const DOTS = [
  [0.68, 0.27],
  [0.3, 0.5],
  [0.68, 0.73],
];
const DOT_R = 0.105;
const LINE_W = 0.06;

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inGlyph(x, y) {
  if (DOTS.some(([cx, cy]) => Math.hypot(x - cx, y - cy) <= DOT_R)) return true;
  return (
    segmentDistance(x, y, DOTS[0], DOTS[1]) <= LINE_W / 2 || segmentDistance(x, y, DOTS[1], DOTS[2]) <= LINE_W / 2
  );
}

function inRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

/** RGBA pixels, 4x4 supersampled. `scale` shrinks the glyph around the centre (maskable). */
function draw(size, { radius, scale }) {
  const pixels = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          if (!inRoundedSquare(x, y, radius)) continue;
          bg++;
          const gx = 0.5 + (x - 0.5) / scale;
          const gy = 0.5 + (y - 0.5) / scale;
          if (inGlyph(gx, gy)) fg++;
        }
      }
      const i = (py * size + px) * 4;
      const f = bg ? fg / bg : 0;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(BLUE[c] * (1 - f) + WHITE[c] * f);
      pixels[i + 3] = Math.round((bg / (S * S)) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const svgDots = DOTS.map(([x, y]) => `<circle cx="${x * 512}" cy="${y * 512}" r="${DOT_R * 512}"/>`).join("");
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" rx="${0.2 * 512}" fill="#1746a2"/><g fill="#fff" stroke="#fff" stroke-width="${LINE_W * 512}" stroke-linecap="round"><path d="M${DOTS[0][0] * 512} ${DOTS[0][1] * 512}L${DOTS[1][0] * 512} ${DOTS[1][1] * 512}L${DOTS[2][0] * 512} ${DOTS[2][1] * 512}" fill="none"/>${svgDots}</g></svg>\n`;

writeFileSync(new URL("icon.svg", OUT), svg);
writeFileSync(new URL("icon-192.png", OUT), png(192, draw(192, { radius: 0.2, scale: 1 })));
writeFileSync(new URL("icon-512.png", OUT), png(512, draw(512, { radius: 0.2, scale: 1 })));
// Maskable: full bleed, the glyph within the central 80% safe zone.
writeFileSync(new URL("icon-maskable-512.png", OUT), png(512, draw(512, { radius: 0, scale: 0.7 })));
console.log("wrote public/icons: icon.svg, icon-192.png, icon-512.png, icon-maskable-512.png");
