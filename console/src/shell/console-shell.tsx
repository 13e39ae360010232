// The frame of every signed-in page, as in the AWS console: the top bar (Region selector, who is signed in, Sign out),
// the navigation pane, the flash bar, and the page the path names.

import AppLayout from '@cloudscape-design/components/app-layout';
import SideNavigation, { type SideNavigationProps } from '@cloudscape-design/components/side-navigation';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { followLink, href, usePath } from '../navigation/router';
import { useSession, useSessionControl } from '../session/session-context';
import { FlashMessages } from './flash-messages';
import { PageForPath } from './page-for-path';
import { REGIONS, regionName } from './regions';

const NAVIGATION: SideNavigationProps.Item[] = [
  { type: 'link', text: 'Customer managed keys', href: href('/keys') },
  { type: 'section', text: 'Custom key stores', items: [{ type: 'link', text: 'External key stores', href: href('/custom-key-stores/external') }] },
  { type: 'link', text: 'Aliases', href: href('/aliases') },
  { type: 'divider' },
  { type: 'link', text: 'Event history', href: href('/event-history') },
];

function activeHref(path: string): string {
  for (const prefix of ['/custom-key-stores/external', '/aliases', '/event-history']) if (path.startsWith(prefix)) return href(prefix);
  return href('/keys');
}

export function ConsoleShell() {
  const session = useSession();
  const { signOut, setRegion } = useSessionControl();
  const path = usePath();
  const region = session.credentials.region;
  const who = session.identity?.arn ?? session.credentials.accessKeyId;
  const shortName = session.identity ? `${who.split(/[:/]/).pop()} @ ${session.identity.account}` : who;
  return (
    <>
      <div id="top-navigation" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{ href: href('/keys'), title: 'openkms', onFollow: followLink }}
          i18nStrings={{ overflowMenuTriggerText: 'More', overflowMenuTitleText: 'All' }}
          utilities={[
            {
              type: 'menu-dropdown',
              text: region,
              // The visible text first: a spoken name that starts with what is shown (WCAG 2.5.3, axe's label-content-name-mismatch).
              ariaLabel: `${region} Region: ${regionName(region)}`,
              title: 'Region',
              items: REGIONS.map((r) => ({ id: r.id, text: `${r.name} ${r.id}`, ...(r.id === region ? { iconName: 'check' as const } : {}) })),
              onItemClick: ({ detail }) => setRegion(detail.id),
            },
            {
              type: 'menu-dropdown',
              text: shortName,
              ariaLabel: `${shortName}, signed in as ${who}`,
              iconName: 'user-profile',
              items: [{ id: 'sign-out', text: 'Sign out' }],
              onItemClick: ({ detail }) => {
                if (detail.id === 'sign-out') signOut();
              },
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-navigation"
        navigation={
          <SideNavigation
            header={{ text: 'Key Management Service', href: href('/keys') }}
            items={NAVIGATION}
            activeHref={activeHref(path)}
            onFollow={followLink}
          />
        }
        notifications={<FlashMessages />}
        toolsHide
        content={<PageForPath key={`${region} ${path}`} path={path} />}
        ariaLabels={{ navigation: 'Navigation', navigationClose: 'Close navigation', navigationToggle: 'Open navigation', notifications: 'Notifications' }}
      />
    </>
  );
}
