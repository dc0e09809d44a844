import { acceptsValue, isHeaderLine, isoDate, splitHeaderLine, type HeaderEntry } from './header.js';

/**
 * Plain text (or Markdown) of a Chinese government document → its structure: title, document number, addressee,
 * preamble, parts 一、, sub-parts (一), items 1. / (1), closing lines; and the page noise that was dropped. Pure.
 */

export interface ImportedItem {
  /** Its number as written, normalised to ASCII digits. */
  number: number;
  /** An article's number as written (十二 in 第十二条). */
  numeral?: string;
  title: string;
  /** The text without its leading number, verbatim; paragraphs joined by blank lines. */
  text: string;
}

export interface ImportedSubpart {
  number: number;
  numeral: string;
  title: string;
  text: string;
  items: ImportedItem[];
}

export interface ImportedPart {
  number: number;
  numeral: string;
  title: string;
  text: string;
  subparts: ImportedSubpart[];
}

export interface ImportedDocument {
  /**
   * How the text is numbered: 'parts' (一、 (一) 1., as 意见, 通知 and 方案 are) or 'articles' (第一章, 第一节,
   * 第一条, as 办法 and 条例 are: chapters are parts, sections sub-parts, articles items).
   */
  numbering: 'parts' | 'articles';
  title: string;
  /** 发文字号, e.g. 国发〔2025〕11号. */
  docNumber?: string;
  addressee?: string;
  preamble: string;
  parts: ImportedPart[];
  closing: string[];
  attachments: string[];
  /** Annexes with text of their own (附件 and what follows it), verbatim: they are kept apart from the structure. */
  annexes: { heading: string; text: string }[];
  /**
   * The title of the document a notice transmits (关于印发《X》的通知 … then X itself, with its own preamble and
   * parts), when the text is such a wrapper. The notice's own signature and date are then among `closing`.
   */
  attachedTitle?: string;
  /** 发文机关: the header's, else the signature of the closing (or of the transmitting notice). */
  issuer?: string;
  /** 成文日期 as YYYY-MM-DD: the header's, else the date of the closing (or of the transmitting notice). */
  date?: string;
  /** 发布日期 (the page's publication date) as YYYY-MM-DD, from the header. */
  published?: string;
  /** The page's header block, every label with its value and what it was used for (nothing of it is text). */
  header: (HeaderEntry & { use?: 'title' | 'notice' | 'number' | 'issuer' | 'date' | 'published' })[];
  /**
   * A notice that transmits the document (关于印发《X》的通知): its title, addressee, its own lines (现印发给你们…),
   * signature and date, kept apart from the transmitted document's preamble. The document's title is then X.
   */
  notice?: { title: string; number?: string; addressee?: string; text: string; issuer?: string; date?: string; signature?: string[] };
  /** Lines dropped as page noise, in order, for the user to check. */
  dropped: string[];
}

export class ImportError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** The Chinese numeral characters: 一 … 十, 百, 零 / 〇. */
const NUM = '[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u96f6\u3007]';

/** 一 → 1, 十四 → 14, 二十三 → 23, 一百零五 → 105, 一百一十 → 110 (up to 999). */
export function chineseNumeral(s: string): number | undefined {
  if (!new RegExp(`^${NUM}+$`).test(s)) return undefined;
  const h = s.indexOf('\u767e');
  if (h < 0) return belowHundred(s);
  const head = s.slice(0, h);
  const tail = s.slice(h + 1);
  const hundreds = head === '' ? 1 : head.length === 1 && head !== '\u5341' ? NUMERALS[head] : undefined;
  if (!hundreds) return undefined;
  if (!tail) return hundreds * 100;
  if (/^[\u96f6\u3007]/.test(tail)) {
    const unit = tail.length === 2 ? NUMERALS[tail[1]!] : undefined;
    return unit !== undefined && unit < 10 ? hundreds * 100 + unit : undefined;
  }
  const rest = belowHundred(tail.startsWith('\u5341') ? `\u4e00${tail}` : tail);
  return rest !== undefined && rest >= 10 ? hundreds * 100 + rest : undefined;
}

function belowHundred(s: string): number | undefined {
  if (/[\u767e\u96f6\u3007]/.test(s)) return undefined;
  if (s === '\u5341') return 10;
  if (s.length === 1) return NUMERALS[s];
  const digit = (c: string | undefined) => (c !== undefined && c !== '\u5341' ? NUMERALS[c] : undefined);
  let v: number | undefined;
  if (s.length === 2 && s[0] === '\u5341') v = 10 + (digit(s[1]) ?? NaN);
  else if (s.length === 2 && s[1] === '\u5341') v = (digit(s[0]) ?? NaN) * 10;
  else if (s.length === 3 && s[1] === '\u5341') v = (digit(s[0]) ?? NaN) * 10 + (digit(s[2]) ?? NaN);
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** Full-width digits and letters → ASCII (for matching numbers only; the text itself is kept as written). */
const ascii = (s: string) => s.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

const PART = /^([一二三四五六七八九十]+)、\s*(.*)$/;
const SUBPART = /^[(\uff08]\s*([一二三四五六七八九十]+)\s*[)\uff09]\s*(.*)$/;
const ITEM = /^(?:([0-9\uff10-\uff19]{1,3})\s*[.\uff0e\u3001](?![0-9])|[(\uff08]\s*([0-9\uff10-\uff19]{1,3})\s*[)\uff09]|([\u2460-\u2473]))\s*(.*)$/;
/** Where a sentence ends (full-width and ASCII): the title of a paragraph runs up to the first. */
const SENTENCE_END = /[\u3002\uff1b;\uff01!\uff1f?]/;
/** A line with one of these is text, not a heading. */
const STOP = /[\u3002\uff1b;]/;
/** Chapters, sections and articles: 第一章 总则, 第一节, 第三条 …. */
const CHAPTER = new RegExp(`^\u7b2c(${NUM}+)\u7ae0\\s*(.*)$`);
const SECTION = new RegExp(`^\u7b2c(${NUM}+)\u8282\\s*(.*)$`);
const ARTICLE = new RegExp(`^\u7b2c(${NUM}+)\u6761\\s*(.*)$`);
const DOC_NUMBER = /^[\u4e00-\u9fff]{1,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号$/;
const DATE = /^(\d{4}|[〇零一二三四五六七八九]{4})年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日$/;
const ATTACHMENT = /^附件\s*[0-9\uff10-\uff19]*\s*[:\uff1a]?/;
/** Where the document ends and the web page around it begins: everything from here on is dropped. */
const TRAILER = /^(来源\s*[:\uff1a]|相关新闻|相关阅读|相关链接|延伸阅读|责任编辑|【?\s*打印|【?\s*关闭|扫一扫|版权(所有|与免责)|免责声明)/;
/** Page furniture that may stand anywhere (breadcrumbs, share and print links…): dropped line by line. */
const NOISE_LINE = /^(\u5f53\u524d\u4f4d\u7f6e\s*[:\uff1a]|\u9996\u9875\s*[>\uff1e\u00bb/]|分享到|← ?返回|返回(顶部|首页|列表)|【(打印|关闭|字体|收藏)[^】]*】|字号[:\uff1a]|浏览次数|点击数|打印本页|关闭窗口|\[(打印|关闭)\])/;

/**
 * A short title for an article, which has none of its own: its first sentence when short, else its first clause,
 * else the first words and an ellipsis.
 */
function articleTitle(text: string): string {
  const sentence = titleOf(text);
  if (sentence.length <= 24) return sentence;
  const clause = sentence.split(/[,\uff0c:\uff1a]/)[0]!.trim();
  if (clause.length >= 4 && clause.length <= 24) return clause;
  return `${sentence.slice(0, 22)}\u2026`;
}

/** The number of a part heading 一、…, or undefined; "三、四线城市…" (a numeral after the 、) is text, not part 三. */
function partNumber(p: string): number | undefined {
  const m = PART.exec(p);
  if (!m || new RegExp(`^${NUM}`).test(m[2]!)) return undefined;
  return chineseNumeral(m[1]!);
}

/** A note in brackets standing alone: (本文有删减), （此件公开发布）. */
const EDITOR_NOTE = /^[(\uff08][^()\uff08\uff09]{1,20}[)\uff09]$/;

/** A page number left by a PDF: "— 1 —", "- 2 -", "第 3 页". */
const PAGE_NUMBER = /^([\u2014\u2013-]\s*\d+\s*[\u2014\u2013-]|\u7b2c\s*\d+\s*\u9875(\s*\u5171\s*\d+\s*\u9875)?)$/;

/**
 * Lines → paragraphs. Text copied from a PDF breaks paragraphs at the width of the page: a line that is not short,
 * does not end a sentence or a clause, is not a heading, and is followed by a line that starts no numbered part, is
 * joined with the next one. Page numbers between them are dropped (and reported).
 */
function unwrap(lines: string[], dropped: string[]): string[] {
  const out: string[] = [];
  let joinable = false;
  for (const line of lines) {
    if (!line) {
      joinable = false;
      continue;
    }
    if (PAGE_NUMBER.test(line)) {
      dropped.push(line);
      continue;
    }
    const starts = PART.test(line) || SUBPART.test(line) || ITEM.test(line) || CHAPTER.test(line) || SECTION.test(line) || ARTICLE.test(line) || DATE.test(line) || ATTACHMENT.test(line) || DOC_NUMBER.test(line) || EDITOR_NOTE.test(line);
    // (A title printed twice, as web pages do, is two lines, not one.)
    if (joinable && !starts && out[out.length - 1] !== line) out[out.length - 1] += line;
    else out.push(line);
    const last = out[out.length - 1]!;
    const heading = PART.test(last) || SUBPART.test(last) || CHAPTER.test(last) || SECTION.test(last);
    // A complete title (…意见, …通知) and an addressee (…：) end where they end.
    const title = /(\u610f\u89c1|\u901a\u77e5|\u65b9\u6848|\u529e\u6cd5|\u89c4\u5b9a|\u89c4\u5212|\u51b3\u5b9a|\u7eb2\u8981|\u8ba1\u5212|\u63aa\u65bd|\u7ec6\u5219|\u6761\u4f8b|\u8981\u70b9|\u6307\u5357|\u7684\u51fd|\u6279\u590d)$/.test(last);
    // A document number and a date stand alone.
    joinable = line.length >= 10 && !heading && !title && !DOC_NUMBER.test(last) && !DATE.test(last) && !/[\u3002\uff1b;\uff01!\uff1f?\uff1a:\u201d\u300d\u300f\uff09)\u3011]$/.test(line);
  }
  return out;
}

/** Split a paragraph's title (up to the first 。) from its text. */
function titleOf(text: string): string {
  const end = text.search(SENTENCE_END);
  return (end < 0 ? text : text.slice(0, end)).trim();
}

export function parseGovernmentDocument(input: string): ImportedDocument {
  if (!input.trim()) throw new ImportError('the file is empty');
  if (input.includes('\u0000')) throw new ImportError('the file is not text (it contains NUL bytes)', 'give the plain text of the document (copy it from the page into a .txt file)');
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Markdown: headings, list bullets and bold marks are layout, not text; "1\." and "\(1\)" are escaped numbers.
  const rawLines = text.split('\n').map((l) =>
    l
      .replace(/^\s*(?:#{1,6}\s+|[*-]\s+(?=\S))/, '')
      .replace(/\*\*/g, '')
      .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
      .trim(),
  );

  const dropped: string[] = [];
  const lines: string[] = [];
  let inTrailer = false;
  let seenHeading = false;
  const header: ImportedDocument['header'] = [];
  // A label the page gave no value on its own line: its value is on the next line (the flattened layout).
  let pending: { entry: HeaderEntry; afterBlank: boolean } | undefined;
  const headerTitle = () => header.find((e) => e.field === 'title' && e.value)?.value;
  for (let k = 0; k < rawLines.length; k++) {
    const l = rawLines[k]!;
    if (!l) {
      if (pending) pending.afterBlank = true;
      lines.push('');
      continue;
    }
    const entries = seenHeading ? undefined : splitHeaderLine(l);
    if (entries) {
      // The page's header: none of it is text; its title, number, issuer and dates are used.
      header.push(...entries);
      const last = entries.at(-1)!;
      pending = last.value ? undefined : { entry: last, afterBlank: false };
      dropped.push(l);
      continue;
    }
    if (pending) {
      const { entry, afterBlank } = pending;
      pending = undefined;
      // A line between an empty label and the next label is that label's value, whatever it looks like.
      const next = rawLines.slice(k + 1).find(Boolean);
      const sandwiched = next !== undefined && isHeaderLine(next) && l.length <= 120 && !/[\u3002\uff1b;]/.test(l);
      if (sandwiched || acceptsValue(entry.field, l, afterBlank, headerTitle())) {
        entry.value = l;
        dropped.push(l);
        continue;
      }
    }
    if (inTrailer || (seenHeading && TRAILER.test(l))) {
      inTrailer = true;
      dropped.push(l);
      continue;
    }
    if (NOISE_LINE.test(l) || (!seenHeading && TRAILER.test(l) && l.length <= 40)) {
      dropped.push(l);
      continue;
    }
    if (PART.test(l) || SUBPART.test(l) || CHAPTER.test(l) || ARTICLE.test(l)) seenHeading = true;
    lines.push(l);
  }
  // Paragraphs: a non-empty line is a paragraph of its own (these documents put one paragraph on a line), except
  // where a PDF or a Markdown editor broke a paragraph over lines: see unwrap.
  const paras = unwrap(lines, dropped);
  if (!paras.length) throw new ImportError('nothing is left after dropping the page noise');

  // Chapters and articles (办法, 条例) when the text has articles and no part 一、.
  // Chapters and articles (办法, 条例) when the text has more articles than parts 一、 (an annex of a 办法 may well
  // have a part or two).
  const articleCount = paras.filter((p) => ARTICLE.test(p) && chineseNumeral(ARTICLE.exec(p)![1]!) !== undefined).length;
  const partCount = paras.filter((p) => partNumber(p) !== undefined).length;
  const numbering: ImportedDocument['numbering'] = articleCount >= 2 && articleCount > partCount ? 'articles' : 'parts';
  const doc: ImportedDocument = { numbering, title: '', preamble: '', parts: [], closing: [], attachments: [], annexes: [], header, dropped };
  let i = 0;
  // Title: the lines before the document number or the addressee (a long title may be split over two lines).
  const titleLines: string[] = [];
  while (i < paras.length && titleLines.length < 3) {
    const p = paras[i]!;
    if (DOC_NUMBER.test(p) || PART.test(p) || SUBPART.test(p) || CHAPTER.test(p) || ARTICLE.test(p) || /[:\uff1a]$/.test(p) || /\u3002/.test(p)) break;
    i++;
    // A header value the page printed again (the issuer, the date) is no part of the title; an editor's note in
    // brackets ((本文有删减), (此件公开发布)) is kept with the closing lines, not in the title.
    if (header.some((e) => e.field !== 'title' && e.value && e.value === p)) {
      dropped.push(p);
      continue;
    }
    if (EDITOR_NOTE.test(p)) {
      doc.closing.push(p);
      continue;
    }
    titleLines.push(p);
  }
  // A page often repeats the title above the text: the same line twice is one title.
  doc.title = titleLines.filter((l, k) => titleLines.indexOf(l) === k).join('') || (header.find((e) => e.field === 'title' && e.value)?.value ?? '');
  if (i < paras.length && DOC_NUMBER.test(paras[i]!)) doc.docNumber = paras[i++]!.replace(/\s+/g, '');
  if (i < paras.length && /[:\uff1a]$/.test(paras[i]!) && !PART.test(paras[i]!)) doc.addressee = paras[i++]!;

  const preamble: string[] = [];
  let part: ImportedPart | undefined;
  let sub: ImportedSubpart | undefined;
  let item: ImportedItem | undefined;
  const append = (target: { text: string }, t: string) => {
    target.text = target.text ? `${target.text}\n\n${t}` : t;
  };
  // The unnamed part (sub-parts or articles before any part) and the unnamed sub-part that holds items numbered
  // straight under a part: made when first needed.
  const currentPart = (): ImportedPart => {
    if (!part) doc.parts.push((part = { number: 0, numeral: '', title: '', text: '', subparts: [] }));
    return part;
  };
  const currentSub = (): ImportedSubpart => {
    if (!sub) currentPart().subparts.push((sub = { number: 0, numeral: '', title: '', text: '', items: [] }));
    return sub;
  };
  // Text that belongs to no heading stays with the nearest section before it.
  const attach = (t: string) => {
    if (item) append(item, t);
    else if (sub) append(sub, t);
    else if (part) append(part, t);
    else preamble.push(t);
  };
  let itemStyle: 'dot' | 'paren' | 'circled' = 'dot';
  const isHeading = (p: string) => {
    if (numbering === 'parts') return partNumber(p) !== undefined || (!!SUBPART.exec(p) && chineseNumeral(SUBPART.exec(p)![1]!) !== undefined);
    const m = CHAPTER.exec(p) ?? SECTION.exec(p) ?? ARTICLE.exec(p);
    return !!m && chineseNumeral(m[1]!) !== undefined;
  };
  // A line of a closing block: a date, an attachment line, or a short line that is neither a sentence nor a heading.
  const numbered = (q: string) => partNumber(q) !== undefined || SUBPART.test(q) || ITEM.test(q) || CHAPTER.test(q) || ARTICLE.test(q);
  const closingLike = (q: string) => DATE.test(q) || ATTACHMENT.test(q) || (q.length <= 30 && !STOP.test(q) && !numbered(q));
  // The body ends where an annex (附件) with text of its own begins, after the body has started: the annex is kept
  // whole, apart from the structure, so its own 一、 二、 never mix with the body's.
  let firstHeading = -1;
  let end = paras.length;
  for (let j = i; j < paras.length; j++) {
    if (firstHeading < 0 && isHeading(paras[j]!)) firstHeading = j;
    if (firstHeading >= 0 && j > firstHeading && ATTACHMENT.test(paras[j]!) && !paras.slice(j + 1).every(closingLike)) {
      end = j;
      break;
    }
  }
  let lastHeading = -1;
  for (let j = i; j < end; j++) if (isHeading(paras[j]!)) lastHeading = j;
  // The closing block: the signature, the date and the like at the very end of the body, after the last heading.
  // Only a short run of short lines with a date among them; a table pasted in the last part is text.
  let closingStart = end;
  while (closingStart - 1 > lastHeading && end - closingStart < 6) {
    if (!closingLike(paras[closingStart - 1]!)) break;
    closingStart--;
  }
  if (!paras.slice(closingStart, end).some((q) => DATE.test(q))) closingStart = end;
  // Signature and date before the first heading belong to a notice that transmits the document (印发…的通知).
  const transmitted = /^.*\u5173\u4e8e\u5370\u53d1(.+)\u7684\u901a\u77e5$/.exec(doc.title)?.[1]?.replace(/^[\u300a<]|[\u300b>]$/g, '');
  if (transmitted && firstHeading > i) i = splitNotice(doc, paras, i, firstHeading, transmitted);
  let noticeEnded = false;
  for (; i < end; i++) {
    const p = paras[i]!;
    if (ATTACHMENT.test(p)) {
      doc.attachments.push(p);
      continue;
    }
    if (i >= closingStart) {
      doc.closing.push(p);
      continue;
    }
    const signature = p.length <= 20 && !/[\u3002;\uff1b,\uff0c:\uff1a]/.test(p) && i + 1 < paras.length && DATE.test(paras[i + 1]!);
    if (i < firstHeading && !part && (DATE.test(p) || signature)) {
      doc.closing.push(p);
      noticeEnded = DATE.test(p);
      continue;
    }
    if (i < firstHeading && noticeEnded && !part && !doc.attachedTitle && !STOP.test(p) && (!transmitted || p.includes(transmitted) || transmitted.includes(p))) {
      // The transmitted document's own title: kept, and also kept in the text where it stands.
      doc.attachedTitle = p;
    }
    if (numbering === 'articles') {
      const chapter = CHAPTER.exec(p);
      const heading = chapter ?? SECTION.exec(p);
      const n = heading ? chineseNumeral(heading[1]!) : undefined;
      if (heading && n !== undefined && chapter) {
        part = { number: n, numeral: heading[1]!, title: heading[2]!.trim(), text: '', subparts: [] };
        doc.parts.push(part);
        sub = undefined;
        item = undefined;
        continue;
      }
      if (heading && n !== undefined) {
        sub = { number: n, numeral: heading[1]!, title: heading[2]!.trim(), text: '', items: [] };
        currentPart().subparts.push(sub);
        item = undefined;
        continue;
      }
      const article = ARTICLE.exec(p);
      const an = article ? chineseNumeral(article[1]!) : undefined;
      if (article && an !== undefined) {
        item = { number: an, numeral: article[1]!, title: articleTitle(article[2]!), text: article[2]! };
        currentSub().items.push(item);
        continue;
      }
      // Everything else, (一) and 1. lists included, belongs to the article (or heading) before it.
      attach(p);
      continue;
    }
    let m: RegExpExecArray | null;
    const pn = partNumber(p);
    if (pn !== undefined && (m = PART.exec(p)) && (!doc.parts.length || pn > doc.parts.at(-1)!.number)) {
      const rest = m[2]!;
      const heading = !STOP.test(rest);
      part = { number: chineseNumeral(m[1]!)!, numeral: m[1]!, title: heading ? rest : titleOf(rest), text: heading ? '' : rest, subparts: [] };
      doc.parts.push(part);
      sub = undefined;
      item = undefined;
      continue;
    }
    if ((m = SUBPART.exec(p)) && chineseNumeral(m[1]!) !== undefined) {
      const rest = m[2]!;
      const heading = !STOP.test(rest);
      sub = { number: chineseNumeral(m[1]!)!, numeral: m[1]!, title: heading ? rest : titleOf(rest), text: heading ? '' : rest, items: [] };
      currentPart().subparts.push(sub);
      item = undefined;
      continue;
    }
    if ((m = ITEM.exec(p)) && (part || sub)) {
      // 1. / 1、 / (1) / ① (circled numbers count from U+2460).
      const n = m[3] !== undefined ? m[3].codePointAt(0)! - 0x2460 + 1 : Number(ascii(m[1] ?? m[2]!));
      const style = m[1] !== undefined ? 'dot' : m[2] !== undefined ? 'paren' : 'circled';
      const rest = m[4]!;
      // "(1)" inside an item numbered "1.", or "①" inside either, is a sub-item: it stays in that item's text.
      if (item && ((style === 'paren' && itemStyle === 'dot') || (style === 'circled' && itemStyle !== 'circled'))) {
        append(item, p);
        continue;
      }
      // A number that does not follow on (a list inside the text) also stays with the item before it.
      if (item && sub && n <= item.number && sub.items.length) {
        append(item, p);
        continue;
      }
      itemStyle = style;
      item = { number: n, title: titleOf(rest), text: rest };
      currentSub().items.push(item);
      continue;
    }
    attach(p);
  }
  doc.preamble = preamble.join('\n\n');
  // Annexes: each 附件 line and the text after it, up to the next one; kept verbatim.
  for (; i < paras.length; i++) {
    const p = paras[i]!;
    if (ATTACHMENT.test(p)) {
      doc.attachments.push(p);
      doc.annexes.push({ heading: p, text: '' });
    } else append(doc.annexes.at(-1)!, p);
  }
  if (!doc.parts.length) {
    throw new ImportError(
      'no recognisable structure: no parts (一、二、…), sub-parts ((一)(二)…) or articles (第一条…) found',
      'this command reads Chinese government documents numbered 一、 (一) 1. (意见, 通知, 方案…) or 第一章 第一条 (办法, 条例); is this the right file?',
    );
  }
  useHeader(doc);
  if (!doc.title) doc.title = doc.parts[0]!.title;
  return doc;
}

/** The notice's own lines: it says it transmits the document, asks for it to be carried out. */
const NOTICE_LINE = /\u5370\u53d1\u7ed9\u4f60\u4eec|\u73b0\u4e88\u5370\u53d1|\u8bf7\u8ba4\u771f|\u9075\u7167\u6267\u884c|\u8d2f\u5f7b\u6267\u884c|\u8d2f\u5f7b\u843d\u5b9e/;

/**
 * A notice that transmits a document (关于印发《X》的通知): its lines from `start` (after its addressee) up to the
 * transmitted document's own title, or up to its last own line (现印发给你们，请认真贯彻落实) and signature, go into
 * doc.notice; the document's title becomes X. Returns where the transmitted document's text begins.
 */
function splitNotice(doc: ImportedDocument, paras: string[], start: number, firstHeading: number, transmitted: string): number {
  const isTitle = (p: string) => !STOP.test(p) && p.length <= 80 && (p.includes(transmitted) || transmitted.includes(p));
  let titleAt = -1;
  for (let j = start; j < firstHeading; j++) if (isTitle(paras[j]!)) {
    titleAt = j;
    break;
  }
  let end = titleAt;
  if (end < 0) {
    // No title line: the notice ends with its last own line, and the signature and date right after it.
    let last = -1;
    for (let j = start; j < firstHeading; j++) if (NOTICE_LINE.test(paras[j]!)) last = j;
    if (last < 0) return start;
    end = last + 1;
    while (end < firstHeading && (DATE.test(paras[end]!) || (paras[end]!.length <= 20 && !STOP.test(paras[end]!) && end + 1 < firstHeading && DATE.test(paras[end + 1]!)))) end++;
  }
  const notice: NonNullable<ImportedDocument['notice']> = { title: doc.title, text: '' };
  if (doc.docNumber) notice.number = doc.docNumber;
  if (doc.addressee) notice.addressee = doc.addressee;
  const text: string[] = [];
  for (let j = start; j < end; j++) {
    const p = paras[j]!;
    const signature = DATE.test(p) || (p.length <= 20 && !/[\u3002;\uff1b,\uff0c:\uff1a]/.test(p) && j + 1 < end && DATE.test(paras[j + 1]!));
    if (!signature && !notice.signature) {
      text.push(p);
      continue;
    }
    // The notice's signature and date, kept as written (they end the notice's section) and read as issuer and date.
    (notice.signature ??= []).push(p);
    if (DATE.test(p)) notice.date ??= isoDate(p) ?? p;
    else if (signature) notice.issuer ??= p;
  }
  notice.text = text.join('\n\n');
  doc.notice = notice;
  delete doc.addressee;
  doc.title = titleAt >= 0 ? paras[titleAt]! : transmitted;
  doc.attachedTitle = doc.title;
  return titleAt >= 0 ? titleAt + 1 : end;
}

/**
 * The header block's values where the text gave none or as the page states them: 标题 the title (unless a notice
 * transmits another document), 发文字号 the number, 发文机关 the issuer, 成文日期 the date, 发布日期 the publication
 * date; then the closing's signature and date where the header has none. Marks each header entry with its use.
 */
function useHeader(doc: ImportedDocument): void {
  const take = (field: HeaderEntry['field'], use: NonNullable<ImportedDocument['header'][number]['use']>, ok: (v: string) => string | undefined): string | undefined => {
    for (const e of doc.header) {
      if (e.field !== field || !e.value || e.use) continue;
      const v = ok(e.value);
      if (v !== undefined) {
        e.use = use;
        return v;
      }
    }
    return undefined;
  };
  // The 标题 of a transmitting notice is the notice's own title (kept with the notice).
  const title = take('title', doc.notice ? 'notice' : 'title', (v) => v);
  if (title && !doc.notice) doc.title = title;
  else if (title && doc.notice) doc.notice.title = title;
  const number = take('number', 'number', (v) => (DOC_NUMBER.test(v.replace(/\s+/g, '')) ? v.replace(/\s+/g, '') : undefined));
  if (number) doc.docNumber = number;
  const issuer = take('issuer', 'issuer', (v) => v);
  const date = take('written', 'date', isoDate);
  const published = take('published', 'published', (v) => isoDate(v) ?? isoDate(v.split(/\s+/)[0]!));
  // The closing's signature: the line before its date.
  const closingDate = doc.closing.findIndex((c) => DATE.test(c));
  const signature = closingDate > 0 && !DATE.test(doc.closing[closingDate - 1]!) && !EDITOR_NOTE.test(doc.closing[closingDate - 1]!) ? doc.closing[closingDate - 1] : undefined;
  const found = {
    issuer: issuer ?? doc.notice?.issuer ?? signature,
    date: date ?? doc.notice?.date ?? (closingDate >= 0 ? isoDate(doc.closing[closingDate]!) : undefined),
    published,
  };
  if (found.issuer) doc.issuer = found.issuer;
  if (found.date) doc.date = found.date;
  if (found.published) doc.published = found.published;
}
