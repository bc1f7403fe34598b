/**
 * An error the local cloud reports the way the real one does: HTTP 200 with
 * `{ code, message, requestId }`. The SDK maps `code` through its own table
 * (e.g. DATABASE_COLLECTION_NOT_EXIST → errCode -502005).
 */
export class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CloudError';
  }
}

export const ErrorCode = {
  SysErr: 'SYS_ERR',
  InvalidParam: 'INVALID_PARAM',
  InvalidEnv: 'INVALIID_ENV',
  CollectionNotExist: 'DATABASE_COLLECTION_NOT_EXIST',
  CollectionAlreadyExist: 'DATABASE_COLLECTION_ALREADY_EXIST',
  DatabaseRequestFailed: 'DATABASE_REQUEST_FAILED',
  InvalidOperator: 'DATABASE_INVALID_OPERRATOR',
  TransactionConflict: 'DATABASE_TRANSACTION_CONFLICT',
  TransactionNotExist: 'DATABASE_TRANSACTION_NOT_EXIST',
  StorageFileNotExist: 'STORAGE_FILE_NONEXIST',
  StorageRequestFail: 'STORAGE_REQUEST_FAIL',
  FunctionsRequestFail: 'FUNCTIONS_REQUEST_FAIL',
  FunctionsExecuteFail: 'FUNCTIONS_EXECUTE_FAIL',
} as const;
