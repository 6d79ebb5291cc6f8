import type { RuntimeConfig } from './config.js';
import type { EmulatorState, User } from './state.js';

/**
 * Everything a route handler may touch: the state, the live config, the app's identity and a
 * hook to say "state changed" (persistence saves after it).
 */
export class Runtime {
  /** Where uploaded bytes are kept on disk (`<data>.media/`); in memory when unset. */
  mediaDir: string | undefined;

  /** The app's bot, which authors writes made with the tenant token. */
  readonly bot: User;

  constructor(
    public state: EmulatorState,
    public config: RuntimeConfig,
    readonly appId: string,
    readonly appSecret: string,
    public publicUrl: string,
    private readonly onChange: () => void = () => {},
  ) {
    this.bot = {
      open_id: `ou_${Buffer.from(appId).toString('hex').padEnd(32, '0').slice(0, 32)}`,
      union_id: '',
      user_id: '',
      name: 'Emulator App',
      en_name: 'Emulator App',
      email: '',
      avatar_url: '',
    };
  }

  now(): number {
    return Date.now();
  }

  changed(): void {
    this.onChange();
  }

  /** Looks a user up by any of its ids; the bot counts as a user for authorship. */
  findUser(id: string, idType: 'open_id' | 'union_id' | 'user_id' = 'open_id'): User | undefined {
    if (idType === 'open_id') return this.state.users[id] ?? (id === this.bot.open_id ? this.bot : undefined);
    return Object.values(this.state.users).find((u) => u[idType] === id);
  }
}
