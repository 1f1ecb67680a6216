/**
 * Where Iceberg files live. Tables name every file by a location string (a `file://` URI or a plain
 * absolute path today, `s3://` later), and everything that reads or writes table files goes through
 * this interface, so object storage can come in behind it without touching the writers (D4).
 *
 * Iceberg never rewrites a file in place (spec: "Overview": files are immutable once written), so
 * {@link FileIO.write} refuses to replace an existing file unless asked to.
 */
export interface FileIO {
  /**
   * Writes a whole file, creating missing parent directories. Readers never see a partial file:
   * the bytes go to a temporary file that is flushed and then moved into place. Throws
   * `ICEBERG_ALREADY_EXISTS` if the file exists and `overwrite` is not set.
   */
  write(location: string, bytes: Uint8Array, options?: WriteOptions): Promise<void>
  /** The whole file; `ICEBERG_NOT_FOUND` if it does not exist. */
  read(location: string): Promise<Uint8Array>
  /** True if a file exists at `location`. */
  exists(location: string): Promise<boolean>
  /** Deletes a file; deleting a missing file is not an error (deletes are retried and raced). */
  delete(location: string): Promise<void>
  /**
   * Locations of all files whose location starts with `prefix` (recursively, like an object-store
   * listing), sorted, in the same form as the prefix (URI or plain path).
   */
  list(prefix: string): Promise<string[]>
  /** File size in bytes; `ICEBERG_NOT_FOUND` if it does not exist. */
  size(location: string): Promise<number>
  /** The location of a file called `fileName` inside the directory `directory`. */
  newOutputPath?(directory: string, fileName: string): string
}

/** Options of {@link FileIO.write}. */
export interface WriteOptions {
  /** Replace an existing file (default false: Iceberg files are write-once). */
  readonly overwrite?: boolean
}
