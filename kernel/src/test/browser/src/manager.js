// A widget manager for a page that talks to a kernel through @jupyterlab/services: the
// jupyter.widget comm target opens models, and views render into plain DOM elements.
import * as base from '@jupyter-widgets/base';
// htmlmanager itself, not the package's index, which also pulls in the embedding script.
import { HTMLManager } from '@jupyter-widgets/html-manager/lib/htmlmanager';

export class KernelWidgetManager extends HTMLManager {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, async (comm, msg) => {
      await this.handle_comm_open(new base.shims.services.Comm(comm), msg);
    });
  }

  /** A comm the front end opens itself (a widget created in the page, which this page never does). */
  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) {
      comm.open(data, metadata, buffers);
    }
    return new base.shims.services.Comm(comm);
  }

  /** The kernel's open widget comms (comm_info_request), used to restore widgets. */
  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.comms;
  }
}
