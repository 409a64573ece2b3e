import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import FormattedText from './FormattedText';

const html = (text: string) => renderToStaticMarkup(createElement(FormattedText, { text }));

describe('formatting a message', () => {
  it('makes code monospace, and bold, italic, quotes and lists what they say', () => {
    expect(html('run `npm ci` **now**, *please*')).toBe('<span>run <code>npm ci</code> <strong>now</strong>, <em>please</em></span>');
    expect(html('```\nif (a) {\n  b();\n}\n```')).toContain('<pre><code class="">if (a) {\n  b();\n}</code></pre>');
    expect(html('> said\n\nand so')).toBe('<div><blockquote><p>said</p></blockquote><p>and so</p></div>');
    expect(html('- one\n- two')).toBe('<ul><li>one</li><li>two</li></ul>');
  });

  it('keeps a line break as typed', () => {
    expect(html('first *line*\nsecond')).toContain('first <em>line</em>\nsecond');
  });

  it('never makes HTML, an image, a heading or a link to anything but a web address out of a message', () => {
    const out = html('<img src=x onerror=alert(1)> <b>raw</b> [click](javascript:alert(1)) ![pic](http://tracker/p.png) [x](file:///etc/passwd)\n# Big');
    expect(out).not.toMatch(/<(img|a|b|h1|script)\b/);
    expect(out).toContain('&lt;b&gt;raw&lt;/b&gt;');
    expect(out).toContain('<span>click</span>');
    expect(out).toContain('pic');
    expect(out).toContain('<strong>Big</strong>');
  });

  it('makes a web address a link that asks before it opens', () => {
    const out = html('see http://example.com and [the docs](https://docs.example.org/a)');
    expect(out).toContain('<a href="http://example.com" class="message-link" rel="noopener noreferrer">http://example.com</a>');
    expect(out).toContain('<a href="https://docs.example.org/a" class="message-link" rel="noopener noreferrer">the docs</a>');
  });

  it('puts no ids, anchors or inputs into the page (footnotes, task lists)', () => {
    const out = html('see [^members-title]\n\n[^members-title]: planted text\n\n- [ ] a task\n- [x] done');
    expect(out).not.toMatch(/\bid=|<a\b|<input\b/);
    expect(out).toContain('☐ a task');
  });
});
