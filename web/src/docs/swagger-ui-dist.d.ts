// The few types of swagger-ui-dist's prebuilt bundle this page uses (the package ships none).
declare module "swagger-ui-dist/swagger-ui-es-bundle.js" {
  export interface SwaggerRequest {
    url: string;
    headers: Record<string, string>;
    /** Set on the request that loads the API document itself. */
    loadSpec?: boolean;
    [key: string]: unknown;
  }
  export interface SwaggerUIOptions {
    dom_id?: string;
    domNode?: Element;
    url?: string;
    spec?: object;
    deepLinking?: boolean;
    tryItOutEnabled?: boolean;
    persistAuthorization?: boolean;
    requestInterceptor?: (request: SwaggerRequest) => SwaggerRequest | Promise<SwaggerRequest>;
    [key: string]: unknown;
  }
  const SwaggerUI: (options: SwaggerUIOptions) => unknown;
  export default SwaggerUI;
}
