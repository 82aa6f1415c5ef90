// Placeholder until the desktop shell lands (issue "Desktop shell, typed IPC, browser mode").
import { app } from 'electron';

void app.whenReady().then(() => app.quit());
