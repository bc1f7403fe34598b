import { parse } from 'protobufjs';
import { CloudError, ErrorCode } from '../errors';
import { BinaryReply } from '../service';

/**
 * The `wx.openApi` wire format (as wx-server-sdk 4.0.2 sends it): the request's `requestData` part is a protobuf
 * `CommApiData` whose pairs carry the WeChat JSON body one top-level key at a time; the answer is
 * a protobuf `CommOpenApiResp` wrapping the WeChat JSON reply.
 */
const { root } = parse(`
  syntax = "proto3";
  message KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
  message OpenApiData { repeated KeyValuePair pairs = 1; }
  // Fields 3-5 are sub-messages in the SDK; as bytes they decode compatibly and stay unread.
  message CommApiData {
    int32 apiType = 1; OpenApiData openapiData = 2; bytes innerData = 3; bytes svrkitData = 4;
    bytes tokenData = 5; string appid = 6;
  }
  message HttpHeader { string key = 1; string value = 2; }
  message CommOpenApiResp {
    bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4;
    repeated HttpHeader headers = 5; int32 svrkitErrorCode = 6;
  }
`);
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

/** `apiType` of a plain OpenAPI call; the other types are the SDK's internal RPCs. */
const OPEN_API = 0;

interface DecodedCommApiData {
  apiType?: number;
  openapiData?: { pairs?: { key?: string; value?: Uint8Array; filename?: string }[] };
}

/** The WeChat JSON body that the SDK split into pairs, rebuilt as one object. */
export function decodeOpenApiRequest(requestData: unknown): Record<string, unknown> {
  if (!Buffer.isBuffer(requestData)) throw new CloudError(ErrorCode.InvalidParam, 'requestData must be a binary part');
  let message: DecodedCommApiData;
  try {
    message = CommApiData.toObject(CommApiData.decode(requestData)) as DecodedCommApiData;
  } catch (error) {
    throw new CloudError(ErrorCode.InvalidParam, `requestData is not a CommApiData message: ${String(error)}`);
  }
  if ((message.apiType ?? OPEN_API) !== OPEN_API) {
    throw new CloudError(ErrorCode.InvalidParam, `apiType ${message.apiType} is not emulated by the local cloud`);
  }
  const params: Record<string, unknown> = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    const key = pair.key ?? '';
    if (pair.filename) {
      throw new CloudError(ErrorCode.InvalidParam, `media parameter ${key} is not emulated by the local cloud`);
    }
    try {
      params[key] = JSON.parse(Buffer.from(pair.value ?? []).toString('utf8'));
    } catch {
      throw new CloudError(ErrorCode.InvalidParam, `parameter ${key} is not JSON`);
    }
  }
  return params;
}

/**
 * Wraps a WeChat JSON reply. Sent as application/octet-stream: the exact type
 * `application/json; charset=utf-8` would make the SDK skip protobuf decoding.
 */
export function encodeOpenApiReply(reply: object): BinaryReply {
  const message = CommOpenApiResp.create({
    respData: Buffer.from(JSON.stringify(reply), 'utf8'),
    contentType: 'application/json',
    errorCode: 0,
  });
  return new BinaryReply(Buffer.from(CommOpenApiResp.encode(message).finish()), 'application/octet-stream');
}

/**
 * A refusal by the platform itself rather than by the API (e.g. -604101, no permission): carried in
 * `errorCode`, which the SDK turns into `errCode` before it looks at any reply body.
 */
export function encodeOpenApiRefusal(errorCode: number): BinaryReply {
  const message = CommOpenApiResp.create({ respData: Buffer.alloc(0), contentType: 'application/json', errorCode });
  return new BinaryReply(Buffer.from(CommOpenApiResp.encode(message).finish()), 'application/octet-stream');
}
