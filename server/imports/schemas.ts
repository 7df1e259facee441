// Settings › Import: the uploaded export files, shared by the browser (checks before sending) and the server.
import { z } from 'zod';

export const MAX_IMPORT_FILES = 10;
export const MAX_IMPORT_CHARS = 4_000_000;

export const papImportSchema = z.object({
  dryRun: z.boolean(),
  files: z
    .array(
      z.object({
        name: z.string().max(255),
        text: z.string().max(MAX_IMPORT_CHARS, `A file may have at most ${MAX_IMPORT_CHARS.toLocaleString('en-US')} characters.`),
      }),
    )
    .min(1, 'Choose the CSV files of your Post Affiliate Pro export.')
    .max(MAX_IMPORT_FILES, `At most ${MAX_IMPORT_FILES} files at once.`),
});
export type PapImportInput = z.input<typeof papImportSchema>;
