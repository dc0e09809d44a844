import type { Bilingual } from '../corpus/types.js';

/** Every fixed string the deck, the brief and the handout show, in both languages: one place to review or extend. */
export const LABELS = {
  agenda: { zh: '议程', en: 'Agenda' },
  agendaContinued: { zh: '议程（续）', en: 'Agenda (continued)' },
  continued: { zh: '（续）', en: '(continued)' },
  sources: { zh: '资料来源', en: 'Sources' },
  untranslated: { zh: '未翻译', en: 'untranslated' },
  quoteFrom: { zh: '出自', en: 'From' },
  /** A quote taken from a secondary source (the explainer article reports what the experts said). */
  reportedBy: { zh: '转引自', en: 'As reported by' },
  briefLink: { zh: '一页简报', en: 'One-page brief' },
  deckLink: { zh: '演示文稿', en: 'Deck' },
  presentedBy: { zh: '主讲', en: 'Presented by' },
  preparedBy: { zh: '编写', en: 'Prepared by' },
  audience: { zh: '对象', en: 'For' },
  date: { zh: '日期', en: 'Date' },
  /** In the handout, a quote already given in full on an earlier slide's notes. */
  quoteAbove: { zh: '引语全文见第 {n} 页幻灯片的备注', en: 'quoted in full in the notes of slide {n}' },
  slide: { zh: '幻灯片', en: 'Slide' },
  bottomLine: { zh: '要点', en: 'Bottom line' },
  targets: { zh: '主要目标', en: 'Targets' },
  quotes: { zh: '专家观点', en: 'Expert views' },
  paraphrase: { zh: '转述', en: 'paraphrase' },
  ownKicker: { zh: '我方分析', en: 'Our analysis' },
  takeaway: { zh: '我方观点', en: 'Our view' },
  ownNotes: { zh: '主讲人自己的内容,非原文', en: 'The presenter’s own slide, not from the source' },
  presenterFallback: { zh: '主讲人', en: 'Presenter' },
  version: { zh: '版本', en: 'Version' },
  built: { zh: '生成于', en: 'built' },
  citationNote: {
    zh: '每页左下角标注其在原文中的位置，如“二（二）3”指第二部分第（二）项第3条。',
    en: 'Each slide cites its place in the source, e.g. “Part II (2) 3” is Part II, sub-part (2), item 3.',
  },
} satisfies Record<string, Bilingual>;

export type LabelKey = keyof typeof LABELS;
