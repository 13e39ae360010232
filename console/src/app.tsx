// The console's root: the sign-in form until there are credentials, then the console itself; a render error shows
// in a flash-bar style alert instead of a blank page.

import { Component, type ReactNode } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import { I18nProvider } from '@cloudscape-design/components/i18n';
import messages from '@cloudscape-design/components/i18n/messages/all.en';
import { SessionProvider, useSessionControl } from './session/session-context';
import { ConsoleShell } from './shell/console-shell';
import { FlashProvider } from './shell/flash-messages';
import { SignInPage } from './sign-in/sign-in-page';

class RenderErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <Box margin="l">
          <Alert type="error" header={this.state.error.name}>
            {this.state.error.message} Reload the page to start again.
          </Alert>
        </Box>
      );
    }
    return this.props.children;
  }
}

function SignedInOrNot() {
  const { session } = useSessionControl();
  // One flash bar per signed-in user: signing out drops the messages, which may name the previous user's resources.
  return session ? (
    <FlashProvider key={session.credentials.accessKeyId}>
      <ConsoleShell />
    </FlashProvider>
  ) : (
    <SignInPage />
  );
}

export function App() {
  return (
    <I18nProvider locale="en" messages={[messages]}>
      <RenderErrorBoundary>
        <SessionProvider>
          <SignedInOrNot />
        </SessionProvider>
      </RenderErrorBoundary>
    </I18nProvider>
  );
}
