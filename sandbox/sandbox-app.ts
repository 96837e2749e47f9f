import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * The service itself: AppModule and configureApp, exactly as src/main.ts
 * starts them. Loaded only once the sandbox's environment is in place,
 * because the configuration is validated when AppModule is first imported.
 */
export async function createServiceApp(): Promise<NestExpressApplication> {
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { APP_OPTIONS, configureApp } = await import('../src/app.setup');
  // abortOnError off: a failed start is reported by the sandbox instead of a bare exit.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    ...APP_OPTIONS,
    abortOnError: false,
  });
  configureApp(app);
  return app;
}
