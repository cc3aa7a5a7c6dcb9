/**
 * Profile images: `POST /v1/me/profile_image` takes one (clerk-js sends a
 * multipart form with a `file` part, or the bytes as application/octet-stream
 * when given a string), the stand-in keeps it and serves it back at
 * `<publicOrigin>/images/<id>`, the URL a user's `image_url` then names (real
 * Clerk serves them from img.clerk.com). Only PNG, JPEG, GIF and WebP up to
 * 2 MB are taken, recognised by their first bytes. With a data folder the
 * files live in `images/` inside it; in memory otherwise.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import path from "node:path";
import { writeFileAtomically } from "./files";
import { ClerkApiError, type Reply } from "./http";
import { newId } from "./state";

/** The FAPI path (after /v1) whose body is a file. */
export const PROFILE_IMAGE_PATH = "/me/profile_image";
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Room for the image as base64 text plus a multipart envelope. */
export const PROFILE_IMAGE_BODY_BYTES =
  Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024;
/** Most images kept at once; a replaced or removed image is deleted. */
export const MAX_IMAGES = 200;

type Kind = { type: string; ext: string; matches(bytes: Buffer): boolean };

const KINDS: Kind[] = [
  {
    type: "image/png",
    ext: "png",
    matches: (b) =>
      b
        .subarray(0, 8)
        .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: "image/jpeg",
    ext: "jpg",
    matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  {
    type: "image/gif",
    ext: "gif",
    matches: (b) => /^GIF8[79]a$/.test(b.subarray(0, 6).toString("latin1")),
  },
  {
    type: "image/webp",
    ext: "webp",
    matches: (b) =>
      b.subarray(0, 4).toString("latin1") === "RIFF" &&
      b.subarray(8, 12).toString("latin1") === "WEBP",
  },
];

const ID = /^img_[A-Za-z0-9]{1,40}$/;

export type Upload = { bytes: Buffer; filename: string | null };

function missingFile() {
  return new ClerkApiError(
    422,
    "form_param_missing",
    "The field file is required: send the image as a multipart form field named file, or as the request body.",
    { param_name: "file" },
    "file is missing",
  );
}

/** The parts of a multipart body (at most 20), with their headers. */
function multipartParts(body: Buffer, boundary: string) {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: string; content: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1 && parts.length < 20) {
    const afterDelimiter = start + delimiter.length;
    // "--" after a delimiter ends the body.
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--")
      break;
    const headersEnd = body.indexOf("\r\n\r\n", afterDelimiter);
    if (headersEnd === -1) break;
    const next = body.indexOf(
      Buffer.concat([Buffer.from("\r\n"), delimiter]),
      headersEnd,
    );
    if (next === -1) break;
    parts.push({
      headers: body.subarray(afterDelimiter, headersEnd).toString("utf8"),
      content: body.subarray(headersEnd + 4, next),
    });
    start = next + 2;
  }
  return parts;
}

/** The image in a profile-image request body, before its kind is checked. */
export function readUpload(raw: { body: Buffer; contentType: string }): Upload {
  const [type, ...params] = raw.contentType.split(";");
  if (type.trim().toLowerCase() === "multipart/form-data") {
    const boundary = params
      .map((p) => /^\s*boundary="?([^";]{1,70})"?\s*$/i.exec(p)?.[1])
      .find(Boolean);
    if (!boundary)
      throw new ClerkApiError(
        400,
        "malformed_request",
        "The multipart body names no boundary.",
      );
    const part = multipartParts(raw.body, boundary).find((p) =>
      /content-disposition:[^\r\n]*\bname="file"/i.test(p.headers),
    );
    if (!part || part.content.length === 0) throw missingFile();
    const filename = /\bfilename="([^"\r\n]{0,200})"/i.exec(part.headers);
    return { bytes: part.content, filename: filename?.[1] ?? null };
  }
  if (raw.body.length === 0) throw missingFile();
  // A string file arrives as text: a data: URL or bare base64.
  const text = raw.body.subarray(0, 100).toString("latin1");
  const dataUrl = /^data:image\/[a-z0-9.+-]{1,30};base64,/i.exec(text);
  if (dataUrl)
    return {
      bytes: Buffer.from(
        raw.body.subarray(dataUrl[0].length).toString("latin1"),
        "base64",
      ),
      filename: null,
    };
  if (/^[A-Za-z0-9+/=\r\n]+$/.test(raw.body.toString("latin1")))
    return {
      bytes: Buffer.from(raw.body.toString("latin1"), "base64"),
      filename: null,
    };
  return { bytes: raw.body, filename: null };
}

/** The image's kind, or Clerk's 4xx for anything else. */
export function imageKind(bytes: Buffer): Kind {
  if (bytes.length > MAX_IMAGE_BYTES)
    throw new ClerkApiError(
      413,
      "image_too_large",
      `The profile image is ${bytes.length} bytes; the local Clerk stand-in takes images up to ${MAX_IMAGE_BYTES} bytes (2 MB).`,
      { param_name: "file" },
    );
  const kind = KINDS.find((k) => k.matches(bytes));
  if (!kind)
    throw new ClerkApiError(
      422,
      "image_type_unsupported",
      "The profile image must be a PNG, JPEG, GIF or WebP file.",
      { param_name: "file" },
    );
  return kind;
}

/** Kept images: files in `dir`, or in memory when there is none. */
export class ImageStore {
  private readonly memory = new Map<string, { type: string; bytes: Buffer }>();

  constructor(private readonly dir: string | null) {}

  private count() {
    if (!this.dir) return this.memory.size;
    return existsSync(this.dir) ? readdirSync(this.dir).length : 0;
  }

  private fileOf(id: string) {
    if (!this.dir || !ID.test(id)) return undefined;
    for (const kind of KINDS) {
      const file = path.join(this.dir, `${id}.${kind.ext}`);
      if (existsSync(file)) return { file, type: kind.type };
    }
    return undefined;
  }

  /** Keeps `bytes` (already checked) and returns the new image's id. */
  save(bytes: Buffer, kind: Kind) {
    if (this.count() >= MAX_IMAGES)
      throw new ClerkApiError(
        422,
        "image_limit_reached",
        `The local Clerk stand-in keeps at most ${MAX_IMAGES} profile images; remove some first.`,
      );
    const id = newId("img");
    if (this.dir) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileAtomically(
        path.join(this.dir, `${id}.${kind.ext}`),
        bytes,
        0o600,
      );
    } else this.memory.set(id, { type: kind.type, bytes });
    return id;
  }

  get(id: string) {
    const kept = this.memory.get(id);
    if (kept) return kept;
    const found = this.fileOf(id);
    return found
      ? { type: found.type, bytes: readFileSync(found.file) }
      : undefined;
  }

  delete(id: string) {
    this.memory.delete(id);
    const found = this.fileOf(id);
    if (found) rmSync(found.file, { force: true });
  }
}

export function imageUrl(publicOrigin: string, id: string) {
  return `${publicOrigin}/images/${id}`;
}

/** `GET /images/<id>`: a kept image; undefined for other paths. */
export function serveImage(
  images: ImageStore,
  pathname: string,
  method: string,
): Reply | undefined {
  const match = /^\/images\/([^/]{1,100})$/.exec(pathname);
  if (!match) return undefined;
  const plain = { "content-type": "text/plain; charset=utf-8" };
  if (method !== "GET" && method !== "HEAD")
    return {
      status: 405,
      raw: `${method} is not allowed on images.`,
      headers: plain,
    };
  const image = ID.test(match[1]) ? images.get(match[1]) : undefined;
  if (!image)
    return {
      status: 404,
      raw: "The local Clerk stand-in has no such image (images made in memory are gone after a restart).",
      headers: plain,
    };
  return {
    status: 200,
    raw: method === "HEAD" ? "" : image.bytes,
    headers: {
      "content-type": image.type,
      "content-length": String(image.bytes.length),
      // An id names one upload for good; a new image gets a new id.
      "cache-control": "public, max-age=31536000, immutable",
      // Shown by pages on other ports of this machine.
      "access-control-allow-origin": "*",
      "cross-origin-resource-policy": "cross-origin",
      "content-security-policy": "default-src 'none'",
      "x-content-type-options": "nosniff",
    },
  };
}
