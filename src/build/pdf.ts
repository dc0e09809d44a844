import type { ExportResult } from '../export/index.js';
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
  standalone: boolean;
  session: SessionOptions;
  started: Promise<BrowserSession>;
}

/** The PDFs of a built briefing: deck.pdf, brief.pdf (and handout.pdf), with their metadata and the deck's outline. */
export async function exportBriefing(job: PdfJob, io: Io): Promise<ExportResult> {
  const { briefing } = job;
  const { exportPdfs } = await import('../export/index.js');
  return exportPdfs(
    {
      outDir: job.writer.dir,
      writer: job.writer,
      meta: {
        title: briefing.meta.title,
        ...(briefing.meta.presenter ? { author: briefing.meta.presenter } : {}),
        subject: briefing.documents
          .filter((d) => d.kind === 'policy')
          .map((d) => `${briefing.language === 'zh' ? d.title.zh : d.title.en}${d.number ? ` (${d.number})` : ''}`)
          .join('; '),
        keywords: briefing.groups.flatMap((g) => (g.kind === 'quotes' ? [] : [g.section.id])),
      },
      slideCount: briefing.slides.length,
      deckOutline: deckOutline(briefing),
      specFile: job.spec.file,
      notes: job.notes,
      renderHandout: (slides) => handoutHtml(briefing, job.templates, slides, job.standalone),
      session: job.session,
      started: job.started,
    },
    io,
  );
}
