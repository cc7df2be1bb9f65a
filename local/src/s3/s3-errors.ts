/**
 * S3's errors: the code, HTTP status and message S3 answers (words from the S3 error-code list), plus
 * the extra elements some codes carry (Key, BucketName, RangeRequested, ...). Only the server turns
 * them into XML.
 */

export class S3Error extends Error {
  override readonly name = 'S3Error';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra elements of the <Error> body, in order (`Key`, `BucketName`, ...). */
    readonly details: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const s3Errors = {
  accessDenied: (message = 'Access Denied') => new S3Error('AccessDenied', 403, message),
  noSuchBucket: (bucket: string) => new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key }),
  noSuchUpload: (uploadId: string) =>
    new S3Error('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { UploadId: uploadId }),
  bucketNotEmpty: (bucket: string) => new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new S3Error('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: bucket }),
  invalidBucketName: (bucket: string) => new S3Error('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket }),
  keyTooLong: () => new S3Error('KeyTooLongError', 400, 'Your key is too long'),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new S3Error('InvalidArgument', 400, message, name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' }),
  invalidRange: (range: string, size: number) =>
    new S3Error('InvalidRange', 416, 'The requested range is not satisfiable', { RangeRequested: range, ActualObjectSize: String(size) }),
  invalidRequest: (message: string) => new S3Error('InvalidRequest', 400, message),
  invalidPart: () =>
    new S3Error('InvalidPart', 400, 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.'),
  invalidPartOrder: () => new S3Error('InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.'),
  entityTooSmall: () => new S3Error('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.'),
  entityTooLarge: () => new S3Error('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed object size.'),
  malformedXml: () => new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema'),
  badDigest: (what: string) => new S3Error('BadDigest', 400, `The ${what} you specified did not match the calculated checksum.`),
  invalidDigest: () => new S3Error('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.'),
  sha256Mismatch: () => new S3Error('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed."),
  incompleteBody: () => new S3Error('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header'),
  missingContentLength: () => new S3Error('MissingContentLength', 411, 'You must provide the Content-Length HTTP header.'),
  preconditionFailed: (condition: string) => new S3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: condition }),
  methodNotAllowed: (method: string, resource: string) =>
    new S3Error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', { Method: method, ResourceType: resource }),
  notImplemented: (what: string) =>
    new S3Error('NotImplemented', 501, `A header you provided implies functionality that is not implemented (the local S3 does not implement ${what})`),
  authorizationHeaderMalformed: (message: string) => new S3Error('AuthorizationHeaderMalformed', 400, message),
  authorizationQueryParametersError: (message: string) => new S3Error('AuthorizationQueryParametersError', 400, message),
  internalError: (cause: unknown) =>
    new S3Error('InternalError', 500, `We encountered an internal error. Please try again. (local S3: ${cause instanceof Error ? cause.message : String(cause)})`, {}, { cause }),
} as const;
