import { describe, expect, it } from 'vitest'

import { metadataFileName, parseMetadataVersion } from './metadata-file-name.js'

const UUID = '9c12d441-03fe-4693-9a96-a0705ddf69c1'

describe('metadata file names', () => {
  it('formats NNNNN-<uuid>.metadata.json', () => {
    expect(metadataFileName(1, UUID)).toBe(`00001-${UUID}.metadata.json`)
    expect(metadataFileName(0, UUID)).toBe(`00000-${UUID}.metadata.json`)
    expect(metadataFileName(123456, UUID)).toBe(`123456-${UUID}.metadata.json`)
    expect(() => metadataFileName(-1, UUID)).toThrow(
      expect.objectContaining({ code: 'ICEBERG_INVALID_VALUE' }),
    )
  })

  it('parses the version from paths and names', () => {
    expect(parseMetadataVersion(`file:///wh/t/metadata/00042-${UUID}.metadata.json`)).toBe(42)
    expect(parseMetadataVersion(metadataFileName(7, UUID))).toBe(7)
    expect(parseMetadataVersion(`s3://b/t/metadata/00003-${UUID}.gz.metadata.json`)).toBe(3)
    expect(parseMetadataVersion('/t/metadata/v12.metadata.json')).toBe(12)
    expect(parseMetadataVersion('/t/metadata/metadata.json')).toBeUndefined()
    expect(parseMetadataVersion(`/t/00001-${UUID}.json`)).toBeUndefined()
  })
})
