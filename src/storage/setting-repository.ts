// The settings role of the store: named text values (the bootstrap's access key id, audit retention, the root key's
// check value).

export interface SettingReader {
  getSetting(name: string): Promise<string | undefined>;
}

export interface SettingWriter {
  /** Stores a setting, or replaces its value. */
  putSetting(name: string, value: string): Promise<void>;
}
