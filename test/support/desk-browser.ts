import type { FastifyInstance } from 'fastify';

/** The sign-in form as a browser gets it: its anti-forgery cookie and the token in the form. */
export async function signInForm(app: FastifyInstance) {
  const res = await app.inject({ url: '/signin' });
  const csrfCookie = String(res.headers['set-cookie']).split(';')[0]!;
  const formToken = /name="_form" value="([^"]+)"/.exec(res.body)![1]!;
  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/signin',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ _form: formToken, ...fields }).toString(),
    });
  return { csrfCookie, formToken, post };
}

/** A browser signed in to the dashboard with `token`: its cookies, the form token its pages carry, and helpers. */
export async function deskBrowser(app: FastifyInstance, token: string) {
  const form = await signInForm(app);
  const res = await form.post({ token });
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
  const deskCookie = String(res.headers['set-cookie']).split(';')[0]!;
  const cookie = `${form.csrfCookie}; ${deskCookie}`;
  const get = (url: string, c = cookie) => app.inject({ url, headers: { cookie: c } });
  const formToken = /name="_form" value="([^"]+)"/.exec((await get('/ledger')).body)![1]!;
  const post = (url: string, fields: Record<string, string>, opts: { cookie?: string; formToken?: string } = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: opts.cookie ?? cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _form: opts.formToken ?? formToken, ...fields }).toString(),
    });
  return { csrfCookie: form.csrfCookie, deskCookie, cookie, formToken, get, post, signInResponse: res };
}
