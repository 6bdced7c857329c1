// A real OpenID Connect provider (node-oidc-provider) for the SSO tests, on loopback only.
// Usage: node oidc_provider.mjs <port> '<json: {accounts: {login: claims}, clients: [...]}>'
// Prints "ready" once it listens. Development interactions: any login name, any password.
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const { accounts, clients } = JSON.parse(process.argv[3]);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients,
  // Every client must send a PKCE challenge (S256), confidential ones included.
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name', 'nip'] },
  async findAccount(ctx, id) {
    if (!(id in accounts)) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...accounts[id] }; } };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['wfa-sso-test-only'] },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => { console.log('ready'); });
