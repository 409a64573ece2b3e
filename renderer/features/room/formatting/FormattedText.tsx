// Basic formatting in messages, from markdown-to-jsx, which builds React elements (never an HTML
// string): inline and block code, bold, italic, strikethrough, quotes, lists. What a chat message
// must not do is turned back into its words: raw HTML stays text, a heading is bold text, an image
// is its description. A link to a web address opens only after its real host is shown
// (links/MessageLink.tsx); any other link is its text. Nothing is ever fetched from a message.
import { compiler, RuleType, type MarkdownToJSX } from 'markdown-to-jsx';
import { createElement, useMemo } from 'react';
import { openable } from '../links/findLinks';
import { MessageLink } from '../links/MessageLink';

const options: MarkdownToJSX.Options = {
  disableParsingRawHTML: true,
  disableAutoLink: false,
  renderRule(next, node, renderChildren, state) {
    switch (node.type) {
      case RuleType.image:
        return node.alt ?? '';
      case RuleType.link:
        return node.target && openable(node.target)
          ? createElement(MessageLink, { key: state.key, url: node.target, children: renderChildren(node.children, state) })
          : createElement('span', { key: state.key }, renderChildren(node.children, state));
      // Footnotes would put ids (and links to them) into the page, a task list a live checkbox.
      case RuleType.footnoteReference:
        return `[${node.text}]`;
      case RuleType.gfmTask:
        return node.completed ? '☑' : '☐';
      case RuleType.footnote:
        return null;
      case RuleType.heading:
        return createElement('p', { key: state.key }, createElement('strong', null, renderChildren(node.children, state)));
      default:
        return next();
    }
  },
};

/** A footnote's definition, escaped: its footer (with ids of the writer's choosing) is made outside renderRule. */
const withoutFootnotes = (text: string) => text.replace(/^( {0,3})\[\^/gm, '$1\\[^');

export default function FormattedText({ text }: { text: string }) {
  return useMemo(() => compiler(withoutFootnotes(text), options), [text]);
}
