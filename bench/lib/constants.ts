/** Credentials of the bench's own throwaway setup; none of them is a real secret. */
export const BENCH_CLIENT_SECRET = 'bench-client-secret';
export const BENCH_LOOKUP_KEY = 'bench-lookup-key-0123456789';
export const BENCH_SERVICE_ROLE_KEY = 'bench-service-role-key';
export const BENCH_INTERCOM_TOKEN = 'bench-intercom-token';
