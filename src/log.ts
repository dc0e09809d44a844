/** Where messages go. The CLI passes the terminal; tests pass collectors. Output goes to `out`, the rest to `err`. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Progress lines; may be dropped when not on a terminal. */
  progress?(line: string): void;
}

export const silentIo: Io = { out: () => {}, err: () => {} };

export function info(io: Io, msg: string): void {
  io.err(msg);
}
export function warn(io: Io, msg: string): void {
  io.err(`warning: ${msg}`);
}
