'use strict';
// Sluice's Node.js runtime: loads the handler named by _HANDLER from LAMBDA_TASK_ROOT and serves
// invocations through the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API, as Lambda's own runtime does.
const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

const { RuntimeApi } = require('./runtime-api.js');

const END_MARKER = '\x1eSLUICE-END ';
const NEXT = { method: 'GET', path: 'invocation/next' };
const api = new RuntimeApi(process.env.AWS_LAMBDA_RUNTIME_API || '');
const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
let currentRequestId;
let currentInvocationSettled = true;

// Console lines look like Lambda's: timestamp, request id, level, message.
function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
  for (const [name, level] of Object.entries(levels)) {
    console[name] = (...args) => {
      const message = util.format(...args).replace(/\n/g, '\r');
      process.stdout.write(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${message}\n`);
    };
  }
}

function errorBody(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack || '').split('\n'),
    };
  }
  return { errorType: typeof error === 'object' && error !== null ? 'object' : typeof error, errorMessage: String(error), trace: [] };
}

function errorRequest(path, error, errorType) {
  const body = errorBody(error);
  if (errorType) body.errorType = errorType;
  return {
    method: 'POST',
    path,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/vnd.aws.lambda.error+json', 'Lambda-Runtime-Function-Error-Type': errorType || body.errorType },
  };
}

async function postError(path, error, errorType) {
  const [posted] = api.send(errorRequest(path, error, errorType));
  await posted;
}

function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try { return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module'; } catch { return false; }
    }
    if (dir === path.dirname(dir)) return false;
  }
}

// ES modules do not read NODE_PATH; a resolve hook lets them import the SDK Sluice provides, as CommonJS can.
function enableNodePathForEsm() {
  const module = require('node:module');
  if (typeof module.register === 'function' && process.env.NODE_PATH) {
    module.register(pathToFileURL(path.join(__dirname, 'esm-node-path.mjs')).href);
  }
}

async function loadHandler() {
  const handlerSetting = process.env._HANDLER || '';
  const dot = handlerSetting.lastIndexOf('.');
  if (dot <= 0) {
    throw Object.assign(new Error(`Bad handler ${handlerSetting}: expected module.function`), { name: 'Runtime.MalformedHandlerName' });
  }
  const modulePath = handlerSetting.slice(0, dot);
  const exportPath = handlerSetting.slice(dot + 1).split('.');
  const base = path.resolve(taskRoot, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((candidate) => fs.existsSync(candidate));
  if (!file) {
    throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { name: 'Runtime.ImportModuleError' });
  }
  let loaded;
  try {
    if (isEsm(file)) {
      enableNodePathForEsm();
      loaded = await import(pathToFileURL(file).href);
    } else {
      loaded = require(file);
    }
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND') {
      throw Object.assign(new Error(`Error: ${error.message}`), { name: 'Runtime.ImportModuleError', stack: error.stack });
    }
    throw error;
  }
  let handler = loaded;
  for (const part of exportPath) handler = handler == null ? undefined : handler[part];
  if (typeof handler !== 'function' && loaded && loaded.default) {
    handler = loaded.default;
    for (const part of exportPath) handler = handler == null ? undefined : handler[part];
  }
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${handlerSetting} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return handler;
}

function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error != null ? reject(error) : resolve(result));
    context.done = callback;
    context.succeed = (result) => resolve(result);
    context.fail = (error) => reject(error ?? new Error('handled'));
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      reject(error);
      return;
    }
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

// stderr shares stdout's pipe (Sluice starts runtimes with 2>&1), so one marker closes the invocation's log.
function endMarker(requestId) {
  process.stdout.write(END_MARKER + requestId + '\n');
}

async function fatal(error, errorType) {
  // An error outside the handler's promise: report it for the invocation in flight (or init) and exit, as Lambda does.
  try {
    if (currentRequestId && !currentInvocationSettled) {
      currentInvocationSettled = true;
      console.error('Unhandled', error);
      endMarker(currentRequestId);
      await postError(`invocation/${encodeURIComponent(currentRequestId)}/error`, error, errorType);
    } else if (!currentRequestId) {
      console.error('Unhandled', error);
      await postError('init/error', error, errorType);
    }
  } finally {
    process.exit(128);
  }
}

async function main() {
  patchConsole();
  process.on('uncaughtException', (error) => fatal(error, 'Runtime.UncaughtException'));
  process.on('unhandledRejection', (reason) => fatal(reason, 'Runtime.UnhandledPromiseRejection'));

  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    console.error(`${error.name}: ${error.message}`);
    const errorType = String(error?.name).startsWith('Runtime.') ? error.name
      : error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : (error?.name || 'Error');
    await postError('init/error', error, errorType);
    process.exit(129);
  }

  let next = await api.send(NEXT)[0];
  for (;;) {
    if (next.status !== 200) process.exit(1);
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    const deadline = Number(next.headers['lambda-runtime-deadline-ms']);
    if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      awsRequestId: requestId,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      identity: next.headers['lambda-runtime-cognito-identity'] ? JSON.parse(next.headers['lambda-runtime-cognito-identity']) : undefined,
      clientContext: next.headers['lambda-runtime-client-context'] ? JSON.parse(next.headers['lambda-runtime-client-context']) : undefined,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    currentRequestId = requestId;
    currentInvocationSettled = false;
    const base = `invocation/${encodeURIComponent(requestId)}`;
    let outcome;
    try {
      const event = JSON.parse(next.body.toString('utf8'));
      const result = await runHandler(handler, event, context);
      outcome = { body: JSON.stringify(result === undefined ? null : result) };
    } catch (error) {
      outcome = { error };
    }
    if (currentInvocationSettled) {
      next = await api.send(NEXT)[0];
      continue;
    }
    currentInvocationSettled = true;
    let result;
    if (outcome.error !== undefined) {
      console.error(`Invoke Error \t${JSON.stringify(errorBody(outcome.error))}`);
      endMarker(requestId);
      result = errorRequest(`${base}/error`, outcome.error);
    } else {
      endMarker(requestId);
      result = { method: 'POST', path: `${base}/response`, body: outcome.body, headers: { 'Content-Type': 'application/json' } };
    }
    // The result and the request for the next event leave together; the answers come back in order.
    const [posted, following] = api.send(result, NEXT);
    await posted;
    next = await following;
  }
}

main().catch((error) => {
  process.stderr.write(`sluice node runtime: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
