/**
 * The same slides as a Marp deck: each slide of a built deck.html (its visible text, notes left out) as one Marp
 * slide, headings as headings, points as bullets, the rest as paragraphs. Used by bench/compare.sh.
 *
 *   tsx bench/marp-deck.ts out/x/deck.html > deck.md
 */
import { readFile } from 'node:fs/promises';
import { parse, type HTMLElement } from 'node-html-parser';

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

function slideMarkdown(section: HTMLElement): string {
  for (const n of section.querySelectorAll('aside.notes, script, style')) n.remove();
  const lines: string[] = [];
  for (const el of section.querySelectorAll('h1, h2, h3, li, p, blockquote, figcaption, dt, dd, td')) {
    if (el.closest('li') && el.tagName !== 'LI') continue; // a paragraph inside a point is part of that point
    const text = clean(el.textContent);
    if (!text) continue;
    if (/^H[1-3]$/.test(el.tagName)) lines.push(`${'#'.repeat(Number(el.tagName[1]))} ${text}`);
    else if (el.tagName === 'LI') lines.push(`- ${text}`);
    else lines.push(text);
    lines.push('');
  }
  return lines.join('\n').trim();
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/marp-deck.ts DECK.html');
  const root = parse(await readFile(file, 'utf8'));
  // Leaf slides only: a vertical stack's outer <section> holds slides of its own.
  const slides = root.querySelectorAll('.slides section').filter((s) => !s.querySelector('section'));
  const body = slides.map(slideMarkdown).join('\n\n---\n\n');
  process.stdout.write(`---\nmarp: true\npaginate: true\n---\n\n${body}\n`);
  process.stderr.write(`${slides.length} slides\n`);
}

await main();
