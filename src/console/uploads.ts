import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { MAX_DOCUMENT_BYTES } from '../core/messages.js';

/** A file sent with a console form (one per form), kept in memory like a document downloaded from the chat. */
export interface UploadedFile {
  name: string;
  size: number;
  content: Buffer;
}

/**
 * Reads multipart forms (a document's upload) with multer, only for a signed-in eco-manager and before the
 * CSRF check (the token is one of the form's fields): one file of at most MAX_DOCUMENT_BYTES, as from the chat,
 * and a few short fields. A form over the limits, or broken, gets `refuse` and changes nothing.
 */
export function readUploads(refuse: (res: Response, tooBig: boolean) => void) {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10, fieldSize: 10_000, parts: 11 },
    // Browsers send a file's name as UTF-8 ("Fiche-été.md"); multer's default reads it as latin1.
    defParamCharset: 'utf8',
  }).single('document');
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      refuse(res, err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE');
    });
  };
}

export function uploadedFile(req: Request): UploadedFile | undefined {
  const f = req.file;
  return f?.size ? { name: f.originalname, size: f.size, content: f.buffer } : undefined;
}
