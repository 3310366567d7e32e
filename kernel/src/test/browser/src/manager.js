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
      const model = await this.handle_comm_open(new base.shims.services.Comm(comm), msg);
      if (model.get('_model_name') === 'OutputModel') {
        this.captureInto(model);
      }
    });
  }

  /**
   * Output widgets capture as JupyterLab's do: while the model's msg_id names a request, that
   * request's outputs go into the widget instead of the cell, and the widget's outputs are sent
   * back to the kernel. (HTMLManager's own OutputModel only shows the outputs it is sent.)
   */
  captureInto(model) {
    const hook = (msg) => {
      const type = msg.header.msg_type;
      if (type === 'clear_output') {
        model.clear_output(msg.content.wait);
      } else if (['stream', 'display_data', 'execute_result', 'error'].includes(type)) {
        model.outputs.add({ ...msg.content, output_type: type });
      } else {
        return true;
      }
      model.set('outputs', model.outputs.toJSON(), { newMessage: true });
      model.save_changes();
      return false; // not the cell's any more
    };
    const follow = () => {
      const previous = model.previous('msg_id');
      if (previous) {
        this.kernel.removeMessageHook(previous, hook);
      }
      if (model.get('msg_id')) {
        this.kernel.registerMessageHook(model.get('msg_id'), hook);
      }
    };
    model.on('change:msg_id', follow);
    follow();
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
