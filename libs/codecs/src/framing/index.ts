export { crc64Avro } from './crc64-avro.js'
export {
  SINGLE_OBJECT_MARKER,
  SINGLE_OBJECT_HEADER_LENGTH,
  frameSingleObject,
  isSingleObject,
  unframeSingleObject,
} from './single-object.js'
export {
  CONFLUENT_MAGIC_BYTE,
  CONFLUENT_HEADER_LENGTH,
  frameConfluent,
  isConfluent,
  unframeConfluent,
} from './confluent.js'
