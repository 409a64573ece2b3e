// Basic formatting in messages, from markdown-to-jsx, which builds React elements (never an HTML
// string): inline and block code, bold, italic, strikethrough, quotes, lists. What a chat message
// must not do is turned back into its words: raw HTML stays text, a heading is bold text, an image
// is its description, and a link is its text (nothing is fetched or opened from a message here).
import { compiler, RuleType, type MarkdownToJSX } from 'markdown-to-jsx';
import { createElement, useMemo } from 'react';

const options: MarkdownToJSX.Options = {
  disableParsingRawHTML: true,
  disableAutoLink: true,
  renderRule(next, node, renderChildren, state) {
    switch (node.type) {
      case RuleType.image:
        return node.alt ?? '';
      case RuleType.link:
        return createElement('span', { key: state.key }, renderChildren(node.children, state));
      case RuleType.heading:
        return createElement('p', { key: state.key }, createElement('strong', null, renderChildren(node.children, state)));
      default:
        return next();
    }
  },
};

export default function FormattedText({ text }: { text: string }) {
  return useMemo(() => compiler(text, options), [text]);
}
