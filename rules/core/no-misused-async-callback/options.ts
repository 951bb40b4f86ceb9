/**
 * Options of no-misused-async-callback. The names and meanings are typescript-eslint's
 * (`no-misused-promises`), so configurations migrate unchanged, with one deliberate difference:
 * JSX attributes (`onClick={async () => …}`) are not checked unless asked for, because React and
 * similar frameworks call handlers for their effect and users overwhelmingly find those reports noise.
 */
export interface ChecksVoidReturnOptions {
  /** Promise-returning functions passed as arguments to void-returning callback parameters. */
  readonly arguments?: boolean;
  /** Promise-returning functions given to JSX attributes typed as void-returning. Default false. */
  readonly attributes?: boolean;
  /** Promise-returning methods overriding/implementing a void-returning method of a base type. */
  readonly inheritedMethods?: boolean;
  /** Promise-returning functions given to object-literal properties typed as void-returning. */
  readonly properties?: boolean;
  /** Promise-returning functions returned where the declared return type is a void-returning function. */
  readonly returns?: boolean;
  /** Promise-returning functions assigned to variables/fields typed as void-returning functions. */
  readonly variables?: boolean;
}

export interface NoMisusedAsyncCallbackOptions {
  /** Promises tested for truthiness (`if`, `while`, ternaries, `!`, `&&`/`||`) and async array predicates. */
  readonly checksConditionals?: boolean;
  /** Promises spread into object literals. */
  readonly checksSpreads?: boolean;
  /** `true` means the defaults below (attributes off); `false` turns every void-return check off. */
  readonly checksVoidReturn?: boolean | ChecksVoidReturnOptions;
}

export type ResolvedVoidReturnChecks = Required<ChecksVoidReturnOptions>;

export interface ResolvedOptions {
  readonly checksConditionals: boolean;
  readonly checksSpreads: boolean;
  readonly voidReturn: ResolvedVoidReturnChecks;
}

const DEFAULT_VOID_RETURN_CHECKS: ResolvedVoidReturnChecks = {
  arguments: true,
  attributes: false,
  inheritedMethods: true,
  properties: true,
  returns: true,
  variables: true,
};

const NO_VOID_RETURN_CHECKS: ResolvedVoidReturnChecks = {
  arguments: false,
  attributes: false,
  inheritedMethods: false,
  properties: false,
  returns: false,
  variables: false,
};

export function resolveOptions(options: NoMisusedAsyncCallbackOptions | undefined): ResolvedOptions {
  const voidReturn = options?.checksVoidReturn ?? true;
  return {
    checksConditionals: options?.checksConditionals ?? true,
    checksSpreads: options?.checksSpreads ?? true,
    voidReturn:
      voidReturn === true
        ? DEFAULT_VOID_RETURN_CHECKS
        : voidReturn === false
          ? NO_VOID_RETURN_CHECKS
          : { ...DEFAULT_VOID_RETURN_CHECKS, ...withoutUndefined(voidReturn) },
  };
}

function withoutUndefined(options: ChecksVoidReturnOptions): ChecksVoidReturnOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
