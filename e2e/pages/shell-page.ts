import { AppPage } from './app-page';

/** The shell's checks (transport, live state, instances) use the main screen's page object. */
export class ShellPage extends AppPage {}
