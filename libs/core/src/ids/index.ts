export { K2_MESSAGE_ID_NAMESPACE, formatRecordId, deriveMessageId } from './ids.js'
