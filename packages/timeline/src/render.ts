import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { buildTimeline, type TimelineInput } from './model.js';
import { type TimelineText, timelineSpec } from './spec.js';

/**
 * Compiles a Vega-Lite spec to Vega and renders it headless to an SVG string. The `none`
 * renderer needs no canvas: SVG output comes from Vega's scenegraph alone.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Builds, renders and writes one roll-out's timeline; returns the SVG it wrote. */
export async function writeTimeline(file: string, input: TimelineInput, text: TimelineText): Promise<string> {
  const svg = await renderSvg(timelineSpec(buildTimeline(input), text));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, svg);
  return svg;
}
