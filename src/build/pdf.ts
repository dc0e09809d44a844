import type { ExportResult } from '../export/index.js';
import type { PptxMeta } from '../export/pptx.js';
import type { BrowserSession, SessionOptions } from '../export/session.js';
import type { Io } from '../log.js';
import type { OutputWriter } from '../output/index.js';
import { deckOutline } from '../render/outline.js';
import type { Briefing } from '../select/types.js';
import type { ParsedSpec } from '../spec/types.js';
import { handoutHtml } from './render.js';

export interface PdfJob {
  briefing: Briefing;
  spec: ParsedSpec;
  writer: OutputWriter;
  templates: string;
  notes: boolean;
  /** deck.pdf and brief.pdf; false when only deck.pptx or the slide images are asked for. */
  pdf: boolean;
  pptx: boolean;
  png: boolean;
  standalone: boolean;
  session: SessionOptions;
  started: Promise<BrowserSession>;
  /** The browser is shared with other builds: leave it running. */
  shared?: boolean;
}

let exportModule: Promise<typeof import('../export/index.js')> | undefined;

/**
 * The export's modules (pdf-lib with them), loaded once: a --pdf build asks for them as it starts the browser, so
 * that they load while the browser starts and the HTML is built, not after.
 */
export function loadExport(): Promise<typeof import('../export/index.js')> {
  exportModule ??= import('../export/index.js');
  exportModule.catch(() => undefined); // reported when the export awaits it
  return exportModule;
}

/** The PDFs of a built briefing: deck.pdf, brief.pdf (and handout.pdf), with their metadata and the deck's outline. */
export async function exportBriefing(job: PdfJob, io: Io): Promise<ExportResult> {
  const { briefing } = job;
  const { exportPdfs } = await loadExport();
  return exportPdfs(
    {
      outDir: job.writer.dir,
      writer: job.writer,
      meta: {
        title: briefing.meta.title,
        ...(briefing.meta.presenter ? { author: briefing.meta.presenter } : {}),
        ...(briefing.meta.classification ? { mark: briefing.meta.classification } : {}),
        subject: [
          ...stamps(briefing),
          briefing.documents
            .filter((d) => d.kind === 'policy')
            .map((d) => `${briefing.language === 'zh' ? d.title.zh : d.title.en}${d.number ? ` (${d.number})` : ''}`)
            .join('; '),
        ]
          .filter(Boolean)
          .join(' — '),
        keywords: [
          ...(briefing.meta.classification ? [briefing.meta.classification] : []),
          ...(briefing.meta.version ? [`version: ${briefing.meta.version}`] : []),
          `built: ${briefing.meta.buildDate}`,
          ...briefing.groups.flatMap((g) => ('section' in g ? [g.section.id] : [])),
        ],
      },
      slideCount: briefing.slides.length,
      deckOutline: deckOutline(briefing),
      specFile: job.spec.file,
      notes: job.notes,
      pdf: job.pdf,
      ...(job.pptx ? { pptx: pptxMeta(briefing) } : {}),
      png: job.png,
      renderHandout: (slides) => handoutHtml(briefing, job.templates, slides, job.standalone),
      session: job.session,
      started: job.started,
      ...(job.shared ? { shared: true } : {}),
    },
    io,
  );
}

/** deck.pptx's document properties, with the classification and version. */
export function pptxMeta(briefing: Briefing): PptxMeta {
  return {
    title: briefing.meta.title,
    ...(briefing.meta.presenter ? { author: briefing.meta.presenter } : {}),
    subject: [...stamps(briefing), briefing.meta.subtitle ?? ''].filter(Boolean).join(' — '),
  };
}

/** The classification, version and build date, as the PDFs' Subject starts: "CONFIDENTIAL — draft 3, 2026-03-12". */
export function stamps(briefing: Briefing): string[] {
  const { classification, version, buildDate } = briefing.meta;
  return [...(classification ? [classification] : []), version ? `${version}, ${buildDate}` : `built ${buildDate}`];

}
