/**
 * Every error the engine raises on purpose is an EngineError: it names the
 * file (and line when known), the node when there is one, and says what to do.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  uniqueId?: string;
}

export class EngineError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly uniqueId?: string;
  /** A short instruction for the person reading the error. */
  readonly hint?: string;

  constructor(message: string, where: ErrorLocation = {}, hint?: string) {
    super(EngineError.format(message, where, hint));
    this.name = new.target.name;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.uniqueId = where.uniqueId;
    this.hint = hint;
  }

  /** The message without its place and its hint (for wrapping it in another error). */
  get bareMessage(): string {
    const prefix = EngineError.format('', { file: this.file, line: this.line, uniqueId: this.uniqueId });
    let msg = this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
    if (this.hint && msg.endsWith(`\n  ${this.hint}`)) msg = msg.slice(0, -(this.hint.length + 3));
    return msg;
  }

  static format(message: string, where: ErrorLocation, hint?: string): string {
    const place = [where.uniqueId, where.file ? formatFileLine(where) : undefined].filter(Boolean).join(' ');
    return `${place ? `${place}: ` : ''}${message}${hint ? `\n  ${hint}` : ''}`;
  }
}

export function formatFileLine(where: ErrorLocation): string {
  if (!where.file) return '';
  if (where.line === undefined) return where.file;
  return `${where.file}, line ${where.line}`;
}

/** dbt_project.yml or a property file is malformed or says something impossible. */
export class ParseError extends EngineError {}

/** Jinja could not be parsed or rendered, or a ref/source/var could not be resolved. */
export class CompilationError extends EngineError {}

/** The DAG has a cycle. */
export class CycleError extends EngineError {}

/** Bad --select/--exclude syntax. */
export class SelectionError extends EngineError {}

/** SQLite refused a statement while a node ran. */
export class DatabaseError extends EngineError {}

/** A model's output does not match its enforced contract, or an incremental schema change is refused. */
export class ContractError extends EngineError {}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
